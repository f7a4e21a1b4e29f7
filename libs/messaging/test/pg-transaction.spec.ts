import { randomUUID } from 'node:crypto';
import { visitRecordedV1 } from '@wushe/contracts';
import { OutboxWriter, withPgTransaction } from '@wushe/messaging';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';
import { count } from './support/pg';

const visit = () => ({
  visitId: randomUUID(),
  kind: 'routine' as const,
  villageCode: '430703100001',
  workerId: 'w-1',
  visitedAt: '2026-11-28T02:00:00.000Z',
  needsFound: 0,
});

describe('withPgTransaction (real PostgreSQL)', () => {
  const writer = new OutboxWriter();
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('cases', newRunId());
  });

  afterAll(async () => {
    await db?.drop();
  });

  const publish = (tx: Parameters<OutboxWriter['publish']>[0]) => {
    const data = visit();
    return writer.publish(tx, visitRecordedV1, data, { subject: data.visitId, regionCode: data.villageCode });
  };

  it('commits what the function wrote, outbox rows included, and releases the connection', async () => {
    const event = await withPgTransaction(db.pool, (tx) => publish(tx));
    expect(await count(db.pool, 'SELECT 1 FROM outbox_event WHERE id = $1', [event.id])).toBe(1);
    expect(db.pool.totalCount).toBe(db.pool.idleCount);
  });

  it('rolls back when the function throws, or when it asks to', async () => {
    let id = '';
    await expect(
      withPgTransaction(db.pool, async (tx) => {
        id = (await publish(tx)).id;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count(db.pool, 'SELECT 1 FROM outbox_event WHERE id = $1', [id])).toBe(0);

    const result = await withPgTransaction(db.pool, async (tx) => {
      id = (await publish(tx)).id;
      tx.rollbackAtEnd();
      return 'rejected';
    });
    expect(result).toBe('rejected');
    expect(await count(db.pool, 'SELECT 1 FROM outbox_event WHERE id = $1', [id])).toBe(0);
    expect(db.pool.totalCount).toBe(db.pool.idleCount);
  });
});
