-- CreateTable
CREATE TABLE "assistance_policy" (
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "department" VARCHAR(16) NOT NULL,
    "rules" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistance_policy_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "referral" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "policy_code" VARCHAR(32) NOT NULL,
    "status" VARCHAR(12) NOT NULL DEFAULT 'suggested',
    "reasons" TEXT[],
    "department" VARCHAR(16),
    "submitted_on" DATE,
    "decided_on" DATE,
    "note" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "referral_recipient_id_status_idx" ON "referral"("recipient_id", "status");

-- CreateIndex
CREATE INDEX "referral_village_code_status_idx" ON "referral"("village_code", "status");

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_policy_code_fkey" FOREIGN KEY ("policy_code") REFERENCES "assistance_policy"("code") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Open referrals (suggested or submitted) are unique per recipient and policy, so re-matching
-- does not duplicate them. Prisma cannot declare a partial index; it lives here only.
CREATE UNIQUE INDEX "referral_open_recipient_policy_key" ON "referral"("recipient_id", "policy_code")
    WHERE "status" IN ('suggested', 'submitted');

-- The policy catalogue. Rules are evaluated by src/policies/rule-engine.ts; incomes are fen per
-- head per month against the local 低保 line, which the caller supplies with each evaluation.
INSERT INTO "assistance_policy" ("code", "name", "department", "rules") VALUES
('dibao', '最低生活保障（低保）', '民政',
 '{"all":[{"fact":"incomePerHead","maxPercentOfLine":100}]}'),
('tekun', '特困人员救助供养', '民政',
 '{"all":[{"any":[{"fact":"age","min":60},{"fact":"age","max":15},{"fact":"disabilityGrade","max":2}]},{"fact":"incomePerHead","maxPercentOfLine":100}]}'),
('dibao-edge', '低保边缘家庭救助', '民政',
 '{"fact":"incomePerHead","abovePercentOfLine":100,"maxPercentOfLine":150}'),
('temporary-relief', '临时救助', '民政',
 '{"any":[{"fact":"category","anyOf":["dibao","tekun","dibao-edge","rigid-expense"]},{"fact":"incomePerHead","maxPercentOfLine":100}]}'),
('medical-relief', '医疗救助', '医保',
 '{"any":[{"fact":"category","anyOf":["dibao","tekun","dibao-edge","orphan","de-facto-orphan"]},{"fact":"incomePerHead","maxPercentOfLine":150}]}'),
('education-relief', '教育救助', '教育',
 '{"all":[{"fact":"age","min":3,"max":22},{"any":[{"fact":"category","anyOf":["dibao","tekun","dibao-edge","orphan","de-facto-orphan","child-in-difficulty"]},{"fact":"incomePerHead","maxPercentOfLine":150}]}]}'),
('disability-subsidies', '残疾人两项补贴', '残联',
 '{"all":[{"fact":"category","anyOf":["disabled"]},{"any":[{"fact":"category","anyOf":["dibao","tekun","dibao-edge"]},{"fact":"disabilityGrade","max":2}]}]}'),
('elderly-allowance', '高龄津贴', '民政',
 '{"fact":"age","min":80}');
