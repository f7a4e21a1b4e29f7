import { Injectable } from '@nestjs/common';
import { defineJob, JobHandler, JobPayload, JobSchedule } from '@wushe/jobs';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { RosterImportRepository } from '../roster-import.repository';

/**
 * A roster file holds a township's names and ID numbers. It is kept only while an import may still
 * need it: an import that ends deletes it at once, a failed one keeps it for a retry by hand. This
 * job deletes what nobody will use: failed imports not retried in time (they end `expired`, and
 * the same file may be uploaded again) and uploads whose process died before the import existed.
 */
export const expireRosterFiles = defineJob({
  name: 'cases.expire-roster-files',
  // Not the import queue: a long import must not hold up the clean-up, nor the other way round.
  queue: 'cases-housekeeping',
  schema: z.object({
    failedKeepDays: z.number().int().positive(),
    abandonedAfterHours: z.number().int().positive(),
  }),
  attempts: 3,
});

export const rosterFileSchedules: JobSchedule[] = [
  {
    id: 'cases.expire-roster-files.daily',
    job: expireRosterFiles,
    // Two weeks to notice a failed import and retry it; a day covers any upload still in flight.
    payload: { failedKeepDays: 14, abandonedAfterHours: 24 },
    // 03:30 Beijing time: after the night, before anyone uploads.
    every: { pattern: '30 3 * * *' },
  },
];

@Injectable()
export class ExpireRosterFilesHandler implements JobHandler<typeof expireRosterFiles> {
  readonly job = expireRosterFiles;

  // RosterImportWorkModule's export (a global module, so JobsModule's providers see it).
  constructor(private readonly imports: RosterImportRepository) {}

  async run({ failedKeepDays, abandonedAfterHours }: JobPayload<typeof expireRosterFiles>) {
    const expired = await this.imports.expireFailed(failedKeepDays);
    const abandonedChunks = await this.imports.purgeAbandonedChunks(
      uuidv7({ msecs: Date.now() - abandonedAfterHours * 3600_000 }),
    );
    return { expiredImports: expired.imports, expiredChunks: expired.chunks, abandonedChunks };
  }
}
