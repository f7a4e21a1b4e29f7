-- Referral match reasons (ages, incomes per head, disability grades) and decision notes are
-- personal data: they move to application-encrypted columns. Nothing is released yet, so no
-- deployment holds referrals to carry over; a row from a development database keeps an empty
-- reasons value, which the service shows as no reasons.
ALTER TABLE "referral" DROP COLUMN "note",
DROP COLUMN "reasons",
ADD COLUMN     "note_encrypted" TEXT,
ADD COLUMN     "reasons_encrypted" TEXT NOT NULL DEFAULT '';

ALTER TABLE "referral" ALTER COLUMN "reasons_encrypted" DROP DEFAULT;
