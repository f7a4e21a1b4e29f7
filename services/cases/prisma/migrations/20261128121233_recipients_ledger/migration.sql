-- CreateTable
CREATE TABLE "recipient" (
    "id" UUID NOT NULL,
    "resident_id_hash" VARCHAR(64) NOT NULL,
    "resident_id_encrypted" TEXT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "sex" VARCHAR(6) NOT NULL,
    "birth_date" DATE NOT NULL,
    "phone_encrypted" TEXT,
    "address_encrypted" TEXT,
    "village_code" VARCHAR(12) NOT NULL,
    "household_id" UUID,
    "legal_basis" VARCHAR(16) NOT NULL,
    "consent_recorded_at" TIMESTAMPTZ(3),
    "status" VARCHAR(12) NOT NULL DEFAULT 'identified',
    "closed_reason" VARCHAR(200),
    "assigned_worker_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recipient_category" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "source" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipient_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household" (
    "id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household_member" (
    "household_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "relation" VARCHAR(16) NOT NULL,

    CONSTRAINT "household_member_pkey" PRIMARY KEY ("household_id","recipient_id")
);

-- CreateTable
CREATE TABLE "personal_data_access" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" VARCHAR(64) NOT NULL,
    "recipient_id" UUID NOT NULL,
    "fields" TEXT[],
    "reason" VARCHAR(500) NOT NULL,
    "ip" VARCHAR(64),

    CONSTRAINT "personal_data_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station_copy" (
    "station_id" UUID NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "open" BOOLEAN NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_copy_pkey" PRIMARY KEY ("station_id")
);

-- CreateTable
CREATE TABLE "staff_copy" (
    "staff_id" UUID NOT NULL,
    "account_id" UUID,
    "region_code" VARCHAR(12) NOT NULL,
    "post_type" VARCHAR(16) NOT NULL,
    "active" BOOLEAN NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_copy_pkey" PRIMARY KEY ("staff_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "recipient_resident_id_hash_key" ON "recipient"("resident_id_hash");

-- CreateIndex
CREATE INDEX "recipient_village_code_status_idx" ON "recipient"("village_code", "status");

-- CreateIndex
CREATE INDEX "recipient_household_id_idx" ON "recipient"("household_id");

-- CreateIndex
CREATE INDEX "recipient_name_idx" ON "recipient"("name");

-- CreateIndex
CREATE INDEX "recipient_category_recipient_id_valid_to_idx" ON "recipient_category"("recipient_id", "valid_to");

-- CreateIndex
CREATE INDEX "recipient_category_category_valid_to_idx" ON "recipient_category"("category", "valid_to");

-- CreateIndex
CREATE INDEX "household_village_code_idx" ON "household"("village_code");

-- CreateIndex
CREATE UNIQUE INDEX "household_member_recipient_id_key" ON "household_member"("recipient_id");

-- CreateIndex
CREATE INDEX "personal_data_access_recipient_id_at_idx" ON "personal_data_access"("recipient_id", "at");

-- CreateIndex
CREATE INDEX "personal_data_access_actor_id_at_idx" ON "personal_data_access"("actor_id", "at");

-- CreateIndex
CREATE INDEX "station_copy_township_code_idx" ON "station_copy"("township_code");

-- CreateIndex
CREATE INDEX "staff_copy_account_id_idx" ON "staff_copy"("account_id");

-- CreateIndex
CREATE INDEX "staff_copy_region_code_idx" ON "staff_copy"("region_code");

-- AddForeignKey
ALTER TABLE "recipient_category" ADD CONSTRAINT "recipient_category_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

