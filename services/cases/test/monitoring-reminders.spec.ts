import { residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { sendMonitoringReminders } from '../src/monitoring-reminders/monitoring-reminders.job';
import { useCasesApp } from './support/cases-spec';
import { runJob, schedulesOf } from './support/jobs';
import { chinaDay } from './support/china-calendar';

// Monitoring reminders: the cases worker's daily BullMQ job, run here by a real worker process
// (role 'worker') through Redis, writing reminder events to the outbox for identity to notify.

const TOWN = '430703100';
const DOMAINS = ['economic', 'health', 'care', 'education', 'psychological', 'social-support'];

const t = useCasesApp({ worker: true });
const as = (subject: string, role: string) => t.as(role, TOWN, subject);
// One "today" for the file: plans start from it and the job runs for it (asOf), so nothing here
// reads the clock again and a run across midnight (China time) sees the same days throughout.
const NOW = Date.now();
const day = (days = 0) => chinaDay(days, NOW);

async function post(auth: string, path: string, body: object = {}) {
  const res = await t.post(auth, path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An open plan written by `workerAccount`, monitored at `frequency` from `startsOn`. */
async function plan(workerAccount: string, startsOn: string, frequency = 'weekly') {
  const auth = await as(workerAccount, 'station_worker');
  const recipient = await post(auth, '/recipients', {
    name: '孙八',
    residentId: residentId(),
    villageCode: villageCode(TOWN),
    legalBasis: 'statutory-duty',
  });
  const domains = Object.fromEntries(DOMAINS.map((d) => [d, { score: 1 }]));
  const assessment = await post(auth, `/recipients/${recipient.id}/assessments`, { domains });
  await post(auth, `/assessments/${assessment.id}/submit`);
  await post(await as(uuidv7(), 'supervisor'), `/assessments/${assessment.id}/approve`);
  return post(auth, `/recipients/${recipient.id}/plans`, {
    goals: ['按时回访'],
    services: [{ type: 'emotional-support', frequency: 'weekly' }],
    monitoringFrequency: frequency,
    startsOn,
  }) as Promise<{ id: string; nextMonitoringDue: string; villageCode: string }>;
}

async function reminders(planId: string) {
  return (
    await t.db.query(
      `SELECT envelope FROM outbox_event
       WHERE envelope->>'type' = 'wushe.cases.reminder.due.v1' AND envelope->'data'->>'subjectId' = $1
       ORDER BY created_at`,
      [planId],
    )
  ).rows.map((r) => r.envelope);
}

let runs = 0;
/** Runs the job through Redis in the worker, as the schedule would, for the China date `asOf`. */
const runReminders = async (asOf: string) => {
  await runJob(t.worker, sendMonitoringReminders, { asOf }, `test-${++runs}`);
};

it('registers its daily schedule in the worker', async () => {
  expect(await schedulesOf(t.worker, sendMonitoringReminders)).toContainEqual({
    id: 'cases.send-monitoring-reminders.daily',
    pattern: '0 8 * * *',
    tz: 'Asia/Shanghai',
  });
});

it('reminds the plan’s worker of monitoring due today and overdue, once, and never of closed or future plans', async () => {
  const account = uuidv7();
  const dueToday = await plan(account, day(-7), 'weekly');
  const overdue = await plan(account, day(-40), 'monthly');
  const future = await plan(account, day(-1), 'weekly');
  const closed = await plan(account, day(-20), 'weekly');
  await post(await as(account, 'station_worker'), `/plans/${closed.id}/close`);
  expect(dueToday.nextMonitoringDue).toBe(day(0));
  expect(overdue.nextMonitoringDue < day(0)).toBe(true);

  await runReminders(day(0));
  const [today] = await reminders(dueToday.id);
  expect(today.data).toEqual({
    reminderId: expect.any(String),
    kind: 'monitoring.due',
    accountIds: [account],
    subjectType: 'service-plan',
    subjectId: dueToday.id,
    dueAt: `${day(0)}T08:00:00+08:00`,
  });
  expect(today.regioncode).toBe(dueToday.villageCode);
  expect((await reminders(overdue.id)).map((e) => e.data.kind)).toEqual(['monitoring.overdue']);
  expect(await reminders(future.id)).toEqual([]);
  expect(await reminders(closed.id)).toEqual([]);

  // Run again the same day (a retry, a second replica): nobody is reminded twice.
  await runReminders(day(0));
  expect(await reminders(dueToday.id)).toHaveLength(1);
  expect(await reminders(overdue.id)).toHaveLength(1);

  // The next day the plan due yesterday is overdue: one more reminder, of the other kind.
  await runReminders(day(1));
  expect((await reminders(dueToday.id)).map((e) => e.data.kind)).toEqual([
    'monitoring.due',
    'monitoring.overdue',
  ]);
  expect(await reminders(overdue.id)).toHaveLength(1);
});

it('also names the recipient’s assigned worker, through cases’ copy of identity’s staff', async () => {
  const author = uuidv7();
  const assignedAccount = uuidv7();
  const staffId = uuidv7();
  await t.db.query(
    `INSERT INTO staff_copy (staff_id, account_id, region_code, post_type, active, version)
     VALUES ($1, $2, $3, 'transactional', true, 1)`,
    [staffId, assignedAccount, TOWN],
  );
  const p = await plan(author, day(-14), 'weekly');
  const { rows } = await t.db.query('SELECT recipient_id FROM service_plan WHERE id = $1', [p.id]);
  const recipient = await t.get(await as(author, 'station_worker'), `/recipients/${rows[0].recipient_id}`);
  await post(await as(author, 'station_worker'), `/recipients/${recipient.body.id}/assignment`, {
    staffId,
    version: recipient.body.version,
  });

  await runReminders(day(0));
  const [event] = await reminders(p.id);
  expect(event.data.accountIds.sort()).toEqual([author, assignedAccount].sort());
});

it('marks a plan whose worker is no account without sending anything, so it is not picked up again', async () => {
  const p = await plan(`import-service-${uuidv7()}`, day(-7), 'weekly');
  await runReminders(day(0));
  expect(await reminders(p.id)).toEqual([]);
  const marks = await t.db.query('SELECT kind FROM monitoring_reminder WHERE plan_id = $1', [p.id]);
  expect(marks.rows).toEqual([{ kind: 'monitoring.due' }]);
});
