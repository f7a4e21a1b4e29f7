import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@wushe/platform';
import type { Pool } from 'pg';
import { z } from 'zod';
import { defineJob, JobHandler, JobSchedule } from './job-definition';

/** Idempotency keys only need to outlive a client's retries; a day is generous. */
export const purgeIdempotencyRecords = defineJob({
  name: 'housekeeping.purge-idempotency-records',
  queue: 'housekeeping',
  schema: z.object({ olderThanHours: z.number().int().positive() }),
  attempts: 3,
});

@Injectable()
export class PurgeIdempotencyRecordsHandler implements JobHandler<typeof purgeIdempotencyRecords> {
  readonly job = purgeIdempotencyRecords;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async run({ olderThanHours }: { olderThanHours: number }): Promise<{ deleted: number }> {
    const result = await this.pool.query(
      'DELETE FROM idempotency_record WHERE created_at < now() - make_interval(hours => $1)',
      [olderThanHours],
    );
    return { deleted: result.rowCount ?? 0 };
  }
}

export const housekeepingSchedules: JobSchedule[] = [
  {
    id: 'housekeeping.purge-idempotency-records.hourly',
    job: purgeIdempotencyRecords,
    payload: { olderThanHours: 24 },
    every: { pattern: '17 * * * *' },
  },
];
