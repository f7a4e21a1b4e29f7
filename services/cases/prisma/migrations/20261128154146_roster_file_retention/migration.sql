-- An expired import (a failed import whose file was discarded) no longer claims its file: the same
-- file uploaded again starts a new import. Partial, so Prisma cannot model it (see roster-import.prisma).
DROP INDEX "roster_import_region_code_month_category_file_sha256_key";
CREATE UNIQUE INDEX "roster_import_one_per_file" ON "roster_import" ("region_code", "month", "category", "file_sha256")
  WHERE "status" <> 'expired';

-- The daily expiry looks for failed imports by age.
CREATE INDEX "roster_import_failed_by_age" ON "roster_import" ("updated_at") WHERE "status" = 'failed';
