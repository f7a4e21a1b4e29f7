import { Inject, Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { casesReminderDueV1, Envelope } from '@wushe/contracts';
import { defineJob, JobHandler, JobSchedule } from '@wushe/jobs';
import { OutboxWriter, pgExecutor } from '@wushe/messaging';
import { isoDate, PG_POOL } from '@wushe/platform';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/** Plans handled per transaction: bounded work per commit, however many are due province-wide. */
const BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sendMonitoringReminders = defineJob({
  name: 'cases.send-monitoring-reminders',
  queue: 'cases-reminders',
  // `asOf` (a China calendar date) lets an operator replay a missed day; default today.
  schema: z.object({ asOf: isoDate().optional() }),
  attempts: 5,
});

export const monitoringReminderSchedules: JobSchedule[] = [
  {
    id: 'cases.send-monitoring-reminders.daily',
    job: sendMonitoringReminders,
    payload: {},
    // 08:00 Beijing time: workers see it when their day starts.
    every: { pattern: '0 8 * * *' },
  },
];

interface DuePlan {
  plan_id: string;
  due_on: string;
  village_code: string;
  worker_id: string;
  staff_account_id: string | null;
}

/**
 * Reminds the responsible workers of open plans whose monitoring is due today (monitoring.due) or
 * has passed (monitoring.overdue, once per due date). The plan's author and the recipient's
 * assigned worker (via cases' copy of identity's staff) are named by account id; identity turns
 * the event into notifications. A row per plan, due date and kind is written with the event in
 * one transaction, so a rerun, a retry or a second replica reminds nobody twice.
 */
@Injectable()
export class SendMonitoringRemindersHandler implements JobHandler<typeof sendMonitoringReminders> {
  readonly job = sendMonitoringReminders;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly outbox: OutboxWriter,
  ) {}

  async run({ asOf }: { asOf?: string }): Promise<{ reminded: number; skipped: number }> {
    const today = asOf ?? chinaCalendarDate(new Date());
    let reminded = 0;
    let skipped = 0;
    for (;;) {
      const batch = await this.batch(today);
      reminded += batch.reminded;
      skipped += batch.skipped;
      if (batch.seen < BATCH) return { reminded, skipped };
    }
  }

  private async batch(today: string): Promise<{ seen: number; reminded: number; skipped: number }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Plans due on or before today without a reminder of the matching kind for that due date.
      const { rows } = await client.query<DuePlan>(
        `SELECT p.id AS plan_id, to_char(p.next_monitoring_due, 'YYYY-MM-DD') AS due_on, p.village_code,
                p.worker_id, s.account_id::text AS staff_account_id
         FROM service_plan p
         LEFT JOIN recipient r ON r.id = p.recipient_id
         LEFT JOIN staff_copy s ON s.staff_id = r.assigned_worker_id AND s.active
         WHERE p.status = 'open' AND p.next_monitoring_due <= $1::date
           AND NOT EXISTS (
             SELECT 1 FROM monitoring_reminder m
             WHERE m.plan_id = p.id AND m.due_on = p.next_monitoring_due
               AND m.kind = CASE WHEN p.next_monitoring_due = $1::date THEN 'monitoring.due' ELSE 'monitoring.overdue' END)
         ORDER BY p.next_monitoring_due, p.id
         LIMIT ${BATCH}
         FOR UPDATE OF p SKIP LOCKED`,
        [today],
      );
      let reminded = 0;
      const events: Array<{ subject: string; event: Envelope }> = [];
      const marks: string[][] = [[], [], [], []];
      for (const plan of rows) {
        const kind = plan.due_on === today ? 'monitoring.due' : 'monitoring.overdue';
        // Accounts only: a worker id that is not an account (a service account's subject) is skipped.
        const accountIds = [...new Set([plan.worker_id, plan.staff_account_id])].filter(
          (id): id is string => id !== null && UUID.test(id),
        );
        const reminderId = uuidv7();
        marks[0].push(plan.plan_id);
        marks[1].push(plan.due_on);
        marks[2].push(kind);
        marks[3].push(reminderId);
        if (accountIds.length === 0) continue;
        reminded += 1;
        events.push({
          subject: casesReminderDueV1.subject,
          event: this.outbox.build(
            casesReminderDueV1,
            {
              reminderId,
              kind,
              accountIds,
              subjectType: 'service-plan',
              subjectId: plan.plan_id,
              dueAt: `${plan.due_on}T08:00:00+08:00`,
            },
            { subject: plan.plan_id, regionCode: plan.village_code },
          ),
        });
      }
      // The mark is written even when nobody can be named, so the plan is not picked up again.
      await client.query(
        `INSERT INTO monitoring_reminder (plan_id, due_on, kind, reminder_id)
         SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::uuid[])
         ON CONFLICT DO NOTHING`,
        marks,
      );
      await this.outbox.append(pgExecutor(client), events);
      await client.query('COMMIT');
      return { seen: rows.length, reminded, skipped: rows.length - reminded };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
