import { Counter, Gauge, register } from 'prom-client';
import type { Pool } from 'pg';

// prom-client keeps one registry per process; metrics are created once and shared by relays.
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export function outboxMetrics(pool: Pool, schema: string) {
  const published = once(
    'wushe_outbox_published_total',
    () =>
      new Counter({
        name: 'wushe_outbox_published_total',
        help: 'Outbox events published',
        labelNames: ['schema'],
      }),
  );
  const failures = once(
    'wushe_outbox_publish_failures_total',
    () =>
      new Counter({
        name: 'wushe_outbox_publish_failures_total',
        help: 'Relay batches that failed to publish (NATS down or slow)',
        labelNames: ['schema'],
      }),
  );
  once(
    'wushe_outbox_backlog',
    () =>
      new Gauge({
        name: 'wushe_outbox_backlog',
        help: 'Outbox events written but not yet published',
        labelNames: ['schema'],
        async collect() {
          const { rows } = await pool.query<{ n: string }>(
            'SELECT count(*) AS n FROM outbox_event WHERE sent_at IS NULL',
          );
          this.set({ schema }, Number(rows[0].n));
        },
      }),
  );
  return {
    published: published.labels({ schema }),
    failures: failures.labels({ schema }),
  };
}
