-- AlterTable
ALTER TABLE "recipient" ADD COLUMN     "details_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "details_changed_by" VARCHAR(64);

