-- AlterTable
ALTER TABLE "roster_import" ADD COLUMN     "village_differences" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "roster_import_village_difference" (
    "import_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "recipient_id" UUID NOT NULL,
    "ledger_village" VARCHAR(12) NOT NULL,
    "roster_village" VARCHAR(12) NOT NULL,

    CONSTRAINT "roster_import_village_difference_pkey" PRIMARY KEY ("import_id","row_number")
);

