import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { visitRecordedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { runWithContext } from '@wushe/platform';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';
import { count, pgExecutor } from './support/pg';

const visit = () => ({
  visitId: randomUUID(),
  kind: 'routine' as const,
  villageCode: '430703100001',
  workerId: 'w-1',
  visitedAt: '2026-11-28T02:00:00.000Z',
  needsFound: 0,
});

describe('OutboxWriter (real PostgreSQL)', () => {
  const runId = newRunId();
  const writer = new OutboxWriter();
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('cases', runId);
  });

  afterAll(async () => {
    await db?.drop();
  });

  beforeEach(async () => {
    await db.pool.query('DELETE FROM outbox_event');
  });

  /** Runs fn in a transaction on one client and commits or rolls back. */
  async function inTransaction(outcome: 'COMMIT' | 'ROLLBACK', fn: (client: PoolClient) => Promise<void>) {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await fn(client);
      await client.query(outcome);
    } finally {
      client.release();
    }
  }
  const rows = () => count(db.pool, 'SELECT 1 FROM outbox_event');

  it('leaves no row (and no state change) when the transaction rolls back', async () => {
    await inTransaction('ROLLBACK', async (client) => {
      const tx = pgExecutor(client);
      await client.query(
        `INSERT INTO idempotency_record (principal, key, request_hash, status, body) VALUES ('p', 'k-rolled-back', 'h', 201, '{}')`,
      );
      await writer.publish(tx, visitRecordedV1, visit(), { subject: 's-1', regionCode: '430703100001' });
      expect(await count(db.pool, 'SELECT 1 FROM outbox_event')).toBe(0); // not visible before commit either
    });
    expect(await rows()).toBe(0);
    expect(await count(db.pool, "SELECT 1 FROM idempotency_record WHERE key = 'k-rolled-back'")).toBe(0);
  });

  it('writes the events with the state change on commit, unsent', async () => {
    const data = [visit(), visit()];
    const events = data.map((d) =>
      writer.build(visitRecordedV1, d, { subject: d.visitId, regionCode: d.villageCode }),
    );
    await inTransaction('COMMIT', async (client) => {
      await client.query(
        `INSERT INTO idempotency_record (principal, key, request_hash, status, body) VALUES ('p', 'k-committed', 'h', 201, '{}')`,
      );
      await writer.append(
        pgExecutor(client),
        events.map((event) => ({ subject: visitRecordedV1.subject, event })),
      );
    });
    expect(await count(db.pool, "SELECT 1 FROM idempotency_record WHERE key = 'k-committed'")).toBe(1);
    const { rows: stored } = await db.pool.query(
      'SELECT id, subject, envelope, headers, sent_at FROM outbox_event ORDER BY id',
    );
    expect(stored).toEqual(
      [...events]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((event) => ({
          id: event.id,
          subject: 'cases.visit.recorded.v1',
          envelope: event,
          headers: {},
          sent_at: null,
        })),
    );
  });

  it('builds a valid envelope carrying the request’s correlation and causation ids', async () => {
    const d = visit();
    const event = runWithContext({ correlationId: 'corr-42', causationId: 'cause-7' }, () =>
      writer.build(visitRecordedV1, d, { subject: d.visitId, regionCode: '430703' }),
    );
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'wushe.cases.visit.recorded.v1',
      source: '/wushe/cases',
      subject: d.visitId,
      regioncode: '430703',
      correlationid: 'corr-42',
      causationid: 'cause-7',
      data: d,
    });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('refuses data that breaks the event’s schema before writing anything', async () => {
    await inTransaction('COMMIT', async (client) => {
      const bad = { ...visit(), needsFound: -1 };
      await expect(
        writer.publish(pgExecutor(client), visitRecordedV1, bad, { subject: 's', regionCode: '43' }),
      ).rejects.toThrow();
    });
    expect(await rows()).toBe(0);
  });

  it('does nothing for an empty list', async () => {
    await inTransaction('COMMIT', (client) => writer.append(pgExecutor(client), []));
    expect(await rows()).toBe(0);
  });
});
