import type { JetStreamClient } from '@nats-io/jetstream';
import type { Pool } from 'pg';
import { deadLetterSubject } from '../nats/subjects';

export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string | null;
  subject: string;
  payload: string;
  error: string;
  deliveries: number;
  deadAt: Date;
  replayedAt: Date | null;
}

/**
 * Poison messages land in the consumer's own dead_letter table (where an operator can see and
 * replay them) and on `deadletter.<consumer>` (where alerting can subscribe).
 */
export class DeadLetterStore {
  constructor(
    private readonly pool: Pool,
    private readonly js: JetStreamClient,
    private readonly subjectPrefix: string,
  ) {}

  async record(entry: Omit<DeadLetter, 'id' | 'deadAt' | 'replayedAt'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO dead_letter (consumer, event_id, subject, payload, error, deliveries)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.consumer,
        entry.eventId,
        entry.subject,
        entry.payload,
        entry.error.slice(0, 4000),
        entry.deliveries,
      ],
    );
    const notice = JSON.stringify({
      consumer: entry.consumer,
      eventId: entry.eventId,
      subject: entry.subject,
    });
    // The table is the record; the notice is best effort so a NATS hiccup cannot block the consumer.
    await this.js
      .publish(deadLetterSubject(this.subjectPrefix, entry.consumer), notice)
      .catch(() => undefined);
  }

  async pending(consumer: string, ids?: string[]): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query(
      `SELECT id, consumer, event_id AS "eventId", subject, payload, error, deliveries,
              dead_at AS "deadAt", replayed_at AS "replayedAt"
       FROM dead_letter WHERE consumer = $1 AND replayed_at IS NULL
         AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
       ORDER BY dead_at`,
      [consumer, ids ?? null],
    );
    return rows;
  }

  async markReplayed(id: string): Promise<void> {
    await this.pool.query('UPDATE dead_letter SET replayed_at = now() WHERE id = $1', [id]);
  }

  async markFailedAgain(id: string, error: string): Promise<void> {
    await this.pool.query('UPDATE dead_letter SET error = $2 WHERE id = $1', [id, error.slice(0, 4000)]);
  }
}
