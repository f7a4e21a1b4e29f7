-- The relay takes the oldest unsent events in (created_at, id) order. With only (sent_at, created_at)
-- PostgreSQL sorted every unsent row for each batch of 500: 0.75 s per batch with 1.5 M waiting (a
-- provincial roster import), so a backlog drained ever slower. This index hands them out in order.
-- Partial, so Prisma cannot model it (see platform.prisma); sent rows leave it.
CREATE INDEX "outbox_event_unsent" ON "outbox_event" ("created_at", "id") WHERE "sent_at" IS NULL;
