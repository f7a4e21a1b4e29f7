import IORedis from 'ioredis';
import pino from 'pino';
import { Queue } from 'bullmq';
import { z } from 'zod';
import { deleteTestKeys, newRunId, TEST_REDIS_URL } from '@wushe/testing';
import { defineJob, JobHandler } from '../src/job-definition';
import { JobRunner } from '../src/job-runner';

const greet = defineJob({
  name: 'test.greet',
  queue: 'test',
  schema: z.object({ who: z.string().min(1) }),
  attempts: 3,
  backoffMs: 50,
});

class RecordingHandler implements JobHandler<typeof greet> {
  readonly job = greet;
  readonly seen: string[] = [];
  failuresLeft = 0;
  async run({ who }: { who: string }) {
    if (this.failuresLeft-- > 0) throw new Error('transient');
    this.seen.push(who);
  }
}

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('JobRunner (real Redis)', () => {
  const prefix = newRunId();
  const redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const logger = pino({ level: 'silent' });
  const runners: JobRunner[] = [];
  let testNo = 0;
  // Each test gets its own key space: a worker left from one test must not take another's jobs.
  beforeEach(() => void testNo++);
  const testPrefix = () => `${prefix}-${testNo}`;
  const make = (handler: RecordingHandler, schedules = []) => {
    const runner = new JobRunner({
      redis,
      prefix: testPrefix(),
      handlers: [handler],
      schedules,
      concurrency: 5,
      logger,
    });
    runners.push(runner);
    return runner;
  };

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await deleteTestKeys(prefix);
    redis.disconnect();
  });

  it('runs a job once however often the same business key is enqueued', async () => {
    const handler = new RecordingHandler();
    const runner = make(handler);
    await runner.enqueue(greet, { who: 'a' }, 'key-1');
    await runner.enqueue(greet, { who: 'a' }, 'key-1');
    await runner.enqueue(greet, { who: 'b' }, 'key-2');
    await runner.start();
    await waitFor(() => handler.seen.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(handler.seen.sort()).toEqual(['a', 'b']);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const handler = new RecordingHandler();
    handler.failuresLeft = 2;
    const runner = make(handler);
    await runner.start();
    await runner.enqueue(greet, { who: 'retry' }, 'key-retry');
    await waitFor(() => handler.seen.includes('retry'));
    expect(handler.failuresLeft).toBe(-1);
  });

  it('refuses a payload that breaks the job’s schema, before it reaches Redis', async () => {
    const runner = make(new RecordingHandler());
    await expect(runner.enqueue(greet, { who: '' }, 'bad')).rejects.toThrow();
    const queue = new Queue('test', { connection: redis, prefix: testPrefix() });
    expect(await queue.getJob('test.greet/bad')).toBeUndefined();
    await queue.close();
  });

  it('leaves one scheduler however many replicas register it', async () => {
    const schedules = [
      { id: 'test.greet.every-minute', job: greet, payload: { who: 'cron' }, every: { ms: 60_000 } },
    ];
    await Promise.all([1, 2, 3].map(() => make(new RecordingHandler(), schedules as never).start()));
    const queue = new Queue('test', { connection: redis, prefix: testPrefix() });
    expect(await queue.getJobSchedulersCount()).toBe(1);
    await queue.close();
  });

  it('registers its schedulers again when Redis comes back without its data', async () => {
    // A connection of its own: this test drops it, the other tests' runners share `redis`.
    const own = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const runner = new JobRunner({
      redis: own,
      prefix: testPrefix(),
      handlers: [new RecordingHandler()],
      schedules: [
        { id: 'test.greet.hourly', job: greet, payload: { who: 'cron' }, every: { ms: 3_600_000 } },
      ],
      concurrency: 1,
      logger,
    });
    const queue = new Queue('test', { connection: redis, prefix: testPrefix() });
    try {
      await runner.start();
      expect(await queue.getJobSchedulersCount()).toBe(1);
      // What a Redis restarted empty looks like to the runner: its keys are gone, and its
      // connection drops and comes back ('ready' again).
      await deleteTestKeys(testPrefix());
      expect(await queue.getJobSchedulersCount()).toBe(0);
      const reconnected = new Promise((resolve) => own.once('ready', resolve));
      own.disconnect(true);
      await reconnected;
      const found = async () => (await queue.getJobScheduler('test.greet.hourly'))?.key;
      const deadline = Date.now() + 10_000;
      while (!(await found()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await found()).toBe('test.greet.hourly');
    } finally {
      await queue.close();
      await runner.stop();
      own.disconnect();
    }
  });

  it('rejects two handlers for one job name and schedules without a handler', () => {
    expect(
      () =>
        new JobRunner({
          redis,
          prefix,
          handlers: [new RecordingHandler(), new RecordingHandler()],
          schedules: [],
          concurrency: 1,
          logger,
        }),
    ).toThrow(/Two handlers/);
    expect(() => defineJob({ name: 'NoDots', queue: 'q', schema: z.object({}) })).toThrow();
  });
});
