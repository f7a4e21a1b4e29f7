import { defineJob } from '@wushe/jobs';
import { z } from 'zod';

/**
 * One job per import (the job id is the import id, so enqueueing twice leaves one job). Its own
 * queue: a 1.5-million-row roster runs for minutes and must not hold up housekeeping.
 */
export const runRosterImportJob = defineJob({
  name: 'cases.run-roster-import',
  queue: 'cases-roster-import',
  schema: z.object({ importId: z.uuid(), correlationId: z.string().min(1).max(100) }),
  attempts: 3,
  backoffMs: 10_000,
});
