import { z } from 'zod';

/**
 * A job type, registered once by a stable name (never derived from a class name, which changes on
 * rename and orphans queued jobs), with the queue it runs on, its payload schema (checked when
 * enqueued and again when run) and its retry policy.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly queue: string;
  readonly schema: S;
  readonly attempts: number;
  /** First retry delay; later ones double. */
  readonly backoffMs: number;
}

export type JobPayload<D extends JobDefinition> = z.infer<D['schema']>;

const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function defineJob<S extends z.ZodType>(
  def: Pick<JobDefinition<S>, 'name' | 'queue' | 'schema'> &
    Partial<Pick<JobDefinition, 'attempts' | 'backoffMs'>>,
): JobDefinition<S> {
  if (!NAME.test(def.name)) throw new Error(`Job name "${def.name}" must look like "area.verb-noun"`);
  return Object.freeze({ attempts: 5, backoffMs: 5_000, ...def });
}

/** A recurring job: the database says what is due; the schedule only says when to look. */
export interface JobSchedule<D extends JobDefinition = JobDefinition> {
  /** Stable id: upserting the same id from every replica leaves one scheduler. */
  id: string;
  job: D;
  payload: JobPayload<D>;
  /** Cron pattern (Asia/Shanghai) or a fixed interval. */
  every: { pattern: string } | { ms: number };
}

export interface JobHandler<D extends JobDefinition = JobDefinition> {
  readonly job: D;
  run(payload: JobPayload<D>): Promise<unknown>;
}
