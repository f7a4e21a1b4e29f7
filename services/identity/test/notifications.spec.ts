import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { buildEvent, casesReminderDueV1 } from '@wushe/contracts';
import { ensureStream, prefixedStream, prefixedSubject } from '@wushe/messaging';
import { TEST_NATS_URL } from '@wushe/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { IdentityTestApp, seedAccount, startIdentityApp } from './support/identity-app';

const eventually = async <T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('notifications inbox', () => {
  let t: IdentityTestApp;
  let nc: NatsConnection;
  const alice = uuidv7();
  const bob = uuidv7();
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    t = await startIdentityApp();
    await seedAccount(t.db, alice);
    await seedAccount(t.db, bob);
    aliceToken = await t.env.authority.token(alice, [{ role: 'point_worker', region: '430703100001' }]);
    bobToken = await t.env.authority.token(bob, [{ role: 'point_worker', region: '430703100001' }]);
    nc = await connect({ servers: TEST_NATS_URL });
    // The cases service owns this stream; here the test stands in for it.
    await ensureStream(await jetstreamManager(nc), {
      name: prefixedStream(t.env.runId, 'cases'),
      subjects: [prefixedSubject(t.env.runId, 'cases.>')],
      maxAgeDays: 1,
      description: 'test',
    });
  });
  afterAll(async () => {
    await nc?.close();
    await t?.close();
  });

  const http = () => request(t.app.getHttpServer());
  const reminder = buildEvent(
    casesReminderDueV1,
    {
      reminderId: uuidv7(),
      kind: 'monitoring.due',
      accountIds: [alice, uuidv7()],
      subjectType: 'plans',
      subjectId: 'p-1',
      dueAt: new Date().toISOString(),
    },
    { subject: 'p-1', regionCode: '430703100001', correlationId: 'c-1' },
  );

  it('turns a reminder from another service into a notification for the named, known accounts', async () => {
    const js = jetstream(nc);
    await js.publish(prefixedSubject(t.env.runId, 'cases.reminder.due.v1'), JSON.stringify(reminder), {
      msgID: reminder.id,
    });
    const rows = await eventually(async () => {
      const { rows } = await t.db.query('SELECT account_id, kind, title, link FROM notification');
      return rows.length > 0 ? rows : undefined;
    });
    expect(rows).toEqual([
      { account_id: alice, kind: 'monitoring.due', title: '回访监测到期', link: '/plans/p-1' },
    ]);
  });

  it('notifies once when the same reminder arrives again', async () => {
    const js = jetstream(nc);
    await js.publish(prefixedSubject(t.env.runId, 'cases.reminder.due.v1'), JSON.stringify(reminder), {
      msgID: `${reminder.id}-again`,
    });
    await eventually(async () => {
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM processed_event');
      return rows[0].n === 1 ? undefined : true;
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM notification');
    expect(rows[0].n).toBe(1);
  });

  it('serves each person only their own inbox', async () => {
    const mine = await http()
      .get('/api/v1/identity/notifications')
      .set('authorization', `Bearer ${aliceToken}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    const theirs = await http()
      .get('/api/v1/identity/notifications')
      .set('authorization', `Bearer ${bobToken}`);
    expect(theirs.body.items).toEqual([]);
    const id = mine.body.items[0].id;
    const stolen = await http()
      .post(`/api/v1/identity/notifications/${id}/read`)
      .set('authorization', `Bearer ${bobToken}`);
    expect(stolen.status).toBe(404);
    const count = () =>
      http().get('/api/v1/identity/notifications/unread-count').set('authorization', `Bearer ${aliceToken}`);
    expect((await count()).body).toEqual({ unread: 1 });
    const read = await http()
      .post(`/api/v1/identity/notifications/${id}/read`)
      .set('authorization', `Bearer ${aliceToken}`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await count()).body).toEqual({ unread: 0 });
    const unread = await http()
      .get('/api/v1/identity/notifications?unread=true')
      .set('authorization', `Bearer ${aliceToken}`);
    expect(unread.body.items).toEqual([]);
  });

  it('rejects bad input with stable codes', async () => {
    const bad = await http()
      .post('/api/v1/identity/notifications/not-a-uuid/read')
      .set('authorization', `Bearer ${aliceToken}`);
    expect(bad.status).toBe(400);
    const badQuery = await http()
      .get('/api/v1/identity/notifications?unread=maybe')
      .set('authorization', `Bearer ${aliceToken}`);
    expect(badQuery.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect((await http().get('/api/v1/identity/notifications')).status).toBe(401);
  });
});
