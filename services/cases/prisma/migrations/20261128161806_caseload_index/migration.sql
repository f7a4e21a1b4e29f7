-- CreateIndex
CREATE INDEX "recipient_assigned_worker_id_id_idx" ON "recipient"("assigned_worker_id", "id");

