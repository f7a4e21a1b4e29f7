import IORedis, { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection for BullMQ (which needs maxRetriesPerRequest: null on connections it blocks
 * on). Its errors are logged once per outage, and its return once: without an `error` listener
 * ioredis prints "[ioredis] Unhandled error event" on every reconnect attempt of an outage.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(
      { err: { type: error.name, message: error.message } },
      'Redis unreachable; scheduled work waits',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis reachable again');
  });
  return redis;
}
