-- CreateTable
CREATE TABLE "programme" (
    "id" UUID NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE,
    "measures" JSONB NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programme_enrolment" (
    "id" UUID NOT NULL,
    "programme_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "enrolled_on" DATE NOT NULL,
    "status" VARCHAR(8) NOT NULL DEFAULT 'active',
    "left_on" DATE,
    "enrolled_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programme_check_in" (
    "id" UUID NOT NULL,
    "enrolment_id" UUID NOT NULL,
    "programme_id" UUID NOT NULL,
    "household_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "month" CHAR(7) NOT NULL,
    "values" JSONB NOT NULL,
    "recorded_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_check_in_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "programme_code_key" ON "programme"("code");

-- CreateIndex
CREATE INDEX "programme_region_code_idx" ON "programme"("region_code");

-- CreateIndex
CREATE INDEX "programme_enrolment_programme_id_village_code_idx" ON "programme_enrolment"("programme_id", "village_code");

-- CreateIndex
CREATE UNIQUE INDEX "programme_enrolment_programme_id_household_id_key" ON "programme_enrolment"("programme_id", "household_id");

-- CreateIndex
CREATE INDEX "programme_check_in_programme_id_month_idx" ON "programme_check_in"("programme_id", "month");

-- CreateIndex
CREATE UNIQUE INDEX "programme_check_in_enrolment_id_month_key" ON "programme_check_in"("enrolment_id", "month");

-- AddForeignKey
ALTER TABLE "programme_enrolment" ADD CONSTRAINT "programme_enrolment_programme_id_fkey" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

