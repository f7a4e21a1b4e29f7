-- CreateTable
CREATE TABLE "visit" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,
    "worker_id" VARCHAR(64) NOT NULL,
    "visited_at" TIMESTAMPTZ(3) NOT NULL,
    "needs_found" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" VARCHAR(64) NOT NULL,

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "envelope" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "key" VARCHAR(200) NOT NULL,
    "principal" VARCHAR(64) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("principal","key")
);

-- CreateIndex
CREATE INDEX "visit_village_code_visited_at_idx" ON "visit"("village_code", "visited_at");

-- CreateIndex
CREATE INDEX "outbox_event_unsent_idx" ON "outbox_event"("created_at");

