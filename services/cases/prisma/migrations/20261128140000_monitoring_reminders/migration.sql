-- Monitoring reminders: one row per plan, due date and kind, written with the reminder's event.
CREATE TABLE "monitoring_reminder" (
    "plan_id" UUID NOT NULL,
    "due_on" DATE NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    "reminder_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_reminder_pkey" PRIMARY KEY ("plan_id","due_on","kind")
);
