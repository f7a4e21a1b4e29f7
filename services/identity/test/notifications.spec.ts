import { connect, NatsConnection } from '@nats-io/transport-node';
import { buildEvent, casesReminderDueV1 } from '@wushe/contracts';
import { TEST_NATS_URL } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { seedAccount } from './support/identity-app';
import { API, useIdentityApp } from './support/identity-spec';
import { consumedUpTo, eventually, publishEvent } from './support/events';

const REMINDER_SUBJECT = 'cases.reminder.due.v1';
/** identity's durable consumer of the cases stream's reminders. */
const CASES_REMINDERS = 'identity-notifications-cases';

describe('notifications inbox', () => {
  // The cases service owns the stream the reminders come on; here the harness stands in for it,
  // before the app boots, so the consumer attaches at once rather than after a retry backoff.
  const t = useIdentityApp({ peerStreams: true });
  const { get, post, count } = t;
  let nc: NatsConnection;
  const alice = uuidv7();
  const bob = uuidv7();
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    await seedAccount(t.db, alice);
    await seedAccount(t.db, bob);
    aliceToken = await t.as('point_worker', '430703100001', alice);
    bobToken = await t.as('point_worker', '430703100001', bob);
    nc = await connect({ servers: TEST_NATS_URL });
  });
  afterAll(async () => {
    await nc?.close();
  });

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
    await publishEvent(t, nc, REMINDER_SUBJECT, reminder);
    const rows = await eventually(async () => {
      const rows = await t.rows('SELECT account_id, kind, title, link FROM notification');
      return rows.length > 0 ? rows : undefined;
    });
    expect(rows).toEqual([
      { account_id: alice, kind: 'monitoring.due', title: '回访监测到期', link: '/plans/p-1' },
    ]);
  });

  it('notifies once when the same reminder arrives again', async () => {
    // Another message id, so the stream keeps it: only the inbox can tell it is the same event.
    const seq = await publishEvent(t, nc, REMINDER_SUBJECT, reminder, `${reminder.id}-again`);
    await consumedUpTo(t, nc, 'cases', CASES_REMINDERS, seq);
    expect(await count('notification')).toBe(1);
  });

  it('serves each person only their own inbox', async () => {
    const mine = await get(aliceToken, '/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    const theirs = await get(bobToken, '/notifications');
    expect(theirs.body.items).toEqual([]);
    const id = mine.body.items[0].id;
    const stolen = await post(bobToken, `/notifications/${id}/read`);
    expect(stolen.status).toBe(404);
    const unreadCount = () => get(aliceToken, '/notifications/unread-count');
    expect((await unreadCount()).body).toEqual({ unread: 1 });
    const read = await post(aliceToken, `/notifications/${id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await unreadCount()).body).toEqual({ unread: 0 });
    const unread = await get(aliceToken, '/notifications?unread=true');
    expect(unread.body.items).toEqual([]);
  });

  it('rejects bad input with stable codes', async () => {
    const bad = await post(aliceToken, '/notifications/not-a-uuid/read');
    expect(bad.status).toBe(400);
    const badQuery = await get(aliceToken, '/notifications?unread=maybe');
    expect(badQuery.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect((await t.http().get(`${API}/notifications`)).status).toBe(401);
  });
});
