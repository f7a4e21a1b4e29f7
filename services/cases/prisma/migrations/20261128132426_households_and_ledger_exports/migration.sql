-- CreateTable
CREATE TABLE "export_log" (
    "id" UUID NOT NULL,
    "actor_id" VARCHAR(64) NOT NULL,
    "format" VARCHAR(4) NOT NULL,
    "filter" JSONB NOT NULL,
    "scope" TEXT[],
    "status" VARCHAR(10) NOT NULL DEFAULT 'started',
    "row_count" INTEGER NOT NULL DEFAULT 0,
    "ip" VARCHAR(64),
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "export_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "export_log_actor_id_started_at_idx" ON "export_log"("actor_id", "started_at");

-- CreateIndex
CREATE INDEX "export_log_started_at_idx" ON "export_log"("started_at");

-- At most one head (户主) per household, guarded by the database too: the use case checks first,
-- but two simultaneous requests could both pass that check. Prisma cannot model a partial index.
CREATE UNIQUE INDEX "household_member_one_head" ON "household_member" ("household_id") WHERE "relation" = 'head';
