-- One open service plan per recipient, guarded by the database too: the use case checks first,
-- but two simultaneous requests could both pass that check. Prisma cannot model a partial index.
CREATE UNIQUE INDEX "service_plan_one_open_per_recipient" ON "service_plan" ("recipient_id") WHERE "status" = 'open';
