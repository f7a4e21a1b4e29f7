-- CreateIndex
CREATE INDEX "visit_worker_id_visited_at_idx" ON "visit"("worker_id", "visited_at");

