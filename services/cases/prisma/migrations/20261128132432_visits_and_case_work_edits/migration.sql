-- Visits: need domains, encrypted coordinates and findings, and the recipients seen or registered.
ALTER TABLE "visit" ADD COLUMN     "coordinates_encrypted" TEXT,
ADD COLUMN     "findings_encrypted" TEXT,
ADD COLUMN     "need_domains" TEXT[] DEFAULT ARRAY[]::TEXT[];

CREATE TABLE "visit_recipient" (
    "visit_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "registered" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "visit_recipient_pkey" PRIMARY KEY ("visit_id","recipient_id")
);

CREATE INDEX "visit_recipient_recipient_id_idx" ON "visit_recipient"("recipient_id");

ALTER TABLE "visit_recipient" ADD CONSTRAINT "visit_recipient_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Assessments carry the facts policy matching needs (encrypted); plans get an optimistic version.
ALTER TABLE "assessment" ADD COLUMN     "policy_facts_encrypted" TEXT;

ALTER TABLE "service_plan" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
