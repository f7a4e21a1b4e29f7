import type { INestApplication } from '@nestjs/common';
import { JobDefinition, JobPayload, JobRunner } from '@wushe/jobs';

/**
 * Enqueues a job through Redis and waits for the worker app to finish it, as the schedule would
 * run it; returns what the handler returned. `key` must be new for each run (it names the job).
 */
export async function runJob<D extends JobDefinition>(
  worker: INestApplication,
  job: D,
  payload: JobPayload<D>,
  key: string,
  timeoutMs = 30_000,
): Promise<unknown> {
  const runner = worker.get(JobRunner);
  await runner.enqueue(job, payload, key);
  const queue = runner.queue(job.queue);
  const id = `${job.name}/${key}`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await queue.getJob(id);
    const state = found ? await found.getState() : 'missing';
    if (state === 'completed') return found?.returnvalue;
    if (state === 'failed') throw new Error(`job ${id} failed: ${found?.failedReason}`);
    if (Date.now() > end) throw new Error(`job ${id} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The schedules registered on a job's queue, as BullMQ keeps them. */
export async function schedulesOf(worker: INestApplication, job: JobDefinition) {
  const schedulers = await worker.get(JobRunner).queue(job.queue).getJobSchedulers();
  return schedulers.map((s) => ({ id: s.key, pattern: s.pattern, tz: s.tz }));
}
