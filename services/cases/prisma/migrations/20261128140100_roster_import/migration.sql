-- The monthly roster import (低保/特困 花名册): imports, their encrypted file chunks and row errors,
-- and the roster entries (one per recipient, month and category).

-- CreateTable
CREATE TABLE "roster_import" (
    "id" UUID NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "month" CHAR(7) NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "file_sha256" CHAR(64) NOT NULL,
    "file_format" VARCHAR(8) NOT NULL,
    "file_encoding" VARCHAR(8) NOT NULL,
    "file_bytes" INTEGER NOT NULL,
    "status" VARCHAR(12) NOT NULL DEFAULT 'queued',
    "rows_parsed" INTEGER NOT NULL DEFAULT 0,
    "rows_valid" INTEGER NOT NULL DEFAULT 0,
    "rows_invalid" INTEGER NOT NULL DEFAULT 0,
    "rows_applied" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "registered" INTEGER NOT NULL DEFAULT 0,
    "categories_added" INTEGER NOT NULL DEFAULT 0,
    "entries_added" INTEGER NOT NULL DEFAULT 0,
    "entries_changed" INTEGER NOT NULL DEFAULT 0,
    "entries_unchanged" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roster_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roster_import_chunk" (
    "import_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "encrypted" TEXT NOT NULL,

    CONSTRAINT "roster_import_chunk_pkey" PRIMARY KEY ("import_id","seq")
);

-- CreateTable
CREATE TABLE "roster_import_error" (
    "import_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "row_number" INTEGER NOT NULL,
    "column" VARCHAR(32) NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "message" VARCHAR(300) NOT NULL,

    CONSTRAINT "roster_import_error_pkey" PRIMARY KEY ("import_id","seq")
);

-- CreateTable
CREATE TABLE "roster_entry" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "month" CHAR(7) NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "amount_fen" INTEGER NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "household_ref" VARCHAR(64),
    "import_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roster_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "roster_import_region_code_id_idx" ON "roster_import"("region_code", "id");

-- CreateIndex
CREATE UNIQUE INDEX "roster_import_region_code_month_category_file_sha256_key" ON "roster_import"("region_code", "month", "category", "file_sha256");

-- CreateIndex
CREATE INDEX "roster_entry_village_code_month_idx" ON "roster_entry"("village_code", "month");

-- CreateIndex
CREATE UNIQUE INDEX "roster_entry_recipient_id_month_category_key" ON "roster_entry"("recipient_id", "month", "category");
