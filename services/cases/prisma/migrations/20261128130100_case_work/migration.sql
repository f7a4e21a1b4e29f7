-- CreateTable
CREATE TABLE "assessment" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'draft',
    "computed_risk_level" VARCHAR(8) NOT NULL,
    "risk_level" VARCHAR(8) NOT NULL,
    "risk_override_reason_encrypted" TEXT,
    "return_comment_encrypted" TEXT,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_by" VARCHAR(64),
    "submitted_at" TIMESTAMPTZ(3),
    "decided_by" VARCHAR(64),
    "decided_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_domain" (
    "assessment_id" UUID NOT NULL,
    "domain" VARCHAR(16) NOT NULL,
    "score" SMALLINT NOT NULL,
    "note_encrypted" TEXT,

    CONSTRAINT "assessment_domain_pkey" PRIMARY KEY ("assessment_id","domain")
);

-- CreateTable
CREATE TABLE "service_plan" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "assessment_id" UUID NOT NULL,
    "goals" TEXT[],
    "services" JSONB NOT NULL,
    "monitoring_frequency" VARCHAR(10) NOT NULL,
    "starts_on" DATE NOT NULL,
    "next_monitoring_due" DATE NOT NULL,
    "status" VARCHAR(8) NOT NULL DEFAULT 'open',
    "worker_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "closed_by" VARCHAR(64),

    CONSTRAINT "service_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_record" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL,
    "minutes" INTEGER NOT NULL,
    "notes_encrypted" TEXT,
    "worker_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring_record" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" VARCHAR(8) NOT NULL,
    "notes_encrypted" TEXT,
    "next_due" DATE NOT NULL,
    "worker_id" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_record_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "assessment_recipient_id_created_at_idx" ON "assessment"("recipient_id", "created_at");

-- CreateIndex
CREATE INDEX "assessment_village_code_status_idx" ON "assessment"("village_code", "status");

-- CreateIndex
CREATE INDEX "service_plan_recipient_id_status_idx" ON "service_plan"("recipient_id", "status");

-- CreateIndex
CREATE INDEX "service_plan_status_next_monitoring_due_idx" ON "service_plan"("status", "next_monitoring_due");

-- CreateIndex
CREATE INDEX "service_plan_village_code_status_idx" ON "service_plan"("village_code", "status");

-- CreateIndex
CREATE INDEX "service_record_plan_id_delivered_at_idx" ON "service_record"("plan_id", "delivered_at");

-- CreateIndex
CREATE INDEX "monitoring_record_plan_id_recorded_at_idx" ON "monitoring_record"("plan_id", "recorded_at");

-- AddForeignKey
ALTER TABLE "assessment_domain" ADD CONSTRAINT "assessment_domain_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

