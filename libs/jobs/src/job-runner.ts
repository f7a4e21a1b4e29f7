import { Queue, Worker, Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobDefinition, JobHandler, JobPayload, JobSchedule } from './job-definition';

export interface JobRunnerOptions {
  redis: Redis;
  /** Key prefix: isolates deployments and test runs sharing one Redis. */
  prefix: string;
  /**
   * The handlers, or a function that returns them once the application is built: Nest creates a
   * handler with dependencies of its own after the runner's factory ran, so JobsModule passes a
   * function, resolved when the workers start.
   */
  handlers: JobHandler[] | (() => JobHandler[]);
  schedules: JobSchedule[];
  concurrency: number;
  logger: Logger;
}

// Finished jobs are kept for inspection, but bounded so Redis does not grow without end.
const RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/**
 * Owns a service's BullMQ queues and workers. Every job name maps to exactly one handler and one
 * queue; payloads are validated on the way in and on the way out.
 */
export class JobRunner {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private resolved: Map<string, JobHandler> | undefined;

  constructor(private readonly options: JobRunnerOptions) {
    if (Array.isArray(options.handlers)) this.handlers();
  }

  /** Handlers by job name, resolved once; every schedule must name a handled job. */
  private handlers(): Map<string, JobHandler> {
    if (this.resolved) return this.resolved;
    const list =
      typeof this.options.handlers === 'function' ? this.options.handlers() : this.options.handlers;
    const handlers = new Map(list.map((h) => [h.job.name, h]));
    if (handlers.size !== list.length) throw new Error('Two handlers for one job name');
    for (const s of this.options.schedules) {
      if (!handlers.has(s.job.name)) throw new Error(`Schedule ${s.id} has no handler for ${s.job.name}`);
    }
    this.resolved = handlers;
    return handlers;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.options.redis, prefix: this.options.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Enqueues a job. `key` is the business key (e.g. plan id + due date): the job id is derived
   * from it, so enqueueing the same thing twice leaves one job.
   */
  async enqueue<D extends JobDefinition>(
    job: D,
    payload: JobPayload<D>,
    key: string,
    delayMs = 0,
  ): Promise<void> {
    const data = job.schema.parse(payload);
    await this.queue(job.queue).add(job.name, data, {
      // BullMQ reserves ":" in ids (its key separator).
      jobId: `${job.name}/${key.replace(/:/g, '_')}`,
      delay: delayMs,
      attempts: job.attempts,
      backoff: { type: 'exponential', delay: job.backoffMs },
      ...RETENTION,
    });
  }

  /**
   * Registers the schedules (idempotent across replicas) and starts one worker per queue. The
   * schedules are registered again each time the Redis connection is back after a loss: a Redis
   * restarted without its data (no persistence, a failover to an empty replica) would otherwise
   * hold no schedulers until the next deploy, and the periodic sweeps would silently stop.
   */
  async start(): Promise<void> {
    this.handlers();
    await this.registerSchedules();
    this.options.redis.on('ready', this.reregister);
    const queueNames = new Set([...this.handlers().values()].map((h) => h.job.queue));
    for (const name of queueNames) {
      const worker = new Worker(name, (job) => this.run(job), {
        connection: this.options.redis,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
      });
      worker.on('failed', (job, error) =>
        this.options.logger.warn(
          { err: error, job: job?.name, id: job?.id, attempt: job?.attemptsMade },
          'Job failed',
        ),
      );
      this.workers.push(worker);
    }
  }

  private async registerSchedules(): Promise<void> {
    for (const s of this.options.schedules) {
      const repeat =
        'pattern' in s.every ? { pattern: s.every.pattern, tz: 'Asia/Shanghai' } : { every: s.every.ms };
      await this.queue(s.job.queue).upsertJobScheduler(s.id, repeat, {
        name: s.job.name,
        data: s.job.schema.parse(s.payload),
        opts: {
          attempts: s.job.attempts,
          backoff: { type: 'exponential', delay: s.job.backoffMs },
          ...RETENTION,
        },
      });
    }
  }

  /** On a reconnect ('ready' again): upserting is idempotent, so data that survived is untouched. */
  private readonly reregister = (): void => {
    if (this.options.schedules.length === 0) return;
    this.registerSchedules().then(
      () =>
        this.options.logger.info(
          { schedules: this.options.schedules.length },
          'Job schedules registered again',
        ),
      (error: unknown) =>
        // The next reconnect tries again; a Redis that is back for good gets them on its 'ready'.
        this.options.logger.warn({ err: error }, 'Registering job schedules after a reconnect failed'),
    );
  };

  /** Stops taking jobs and waits for the running ones to finish. */
  async stop(): Promise<void> {
    this.options.redis.off('ready', this.reregister);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private async run(job: Job): Promise<unknown> {
    const handler = this.handlers().get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler.run(handler.job.schema.parse(job.data));
  }
}
