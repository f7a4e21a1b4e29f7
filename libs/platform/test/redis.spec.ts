import { createServer } from 'node:net';
import pino from 'pino';
import { createRedis } from '../src/redis/redis';

/** A port nothing listens on: bound, read, released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

it('logs a Redis outage once, however many reconnects fail, instead of leaving errors unhandled', async () => {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  const redis = createRedis(`redis://127.0.0.1:${await closedPort()}`, logger);
  let errors = 0;
  redis.on('error', () => errors++);
  try {
    const deadline = Date.now() + 10_000;
    while (errors < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(errors).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => l.msg === 'Redis unreachable; scheduled work waits')).toHaveLength(1);
  } finally {
    const ended = new Promise((resolve) => redis.once('end', resolve));
    redis.disconnect();
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
  }
});
