-- AlterTable
ALTER TABLE "assessment" ADD COLUMN     "edited_at" TIMESTAMPTZ(3),
ADD COLUMN     "edited_by" VARCHAR(64);

-- AlterTable
ALTER TABLE "service_plan" ADD COLUMN     "changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "changed_by" VARCHAR(64);

