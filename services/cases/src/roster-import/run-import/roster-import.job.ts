import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { defineJob, JobHandler, JobPayload } from '@wushe/jobs';
import { runWithContext } from '@wushe/platform';
import { z } from 'zod';
import { RunOutcome, RunRosterImport } from './run-roster-import.use-case';

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

@Injectable()
export class RunRosterImportHandler implements JobHandler<typeof runRosterImportJob> {
  readonly job = runRosterImportJob;

  // Handlers are providers of JobsModule, which cannot see RosterImportWorkModule's providers;
  // the use case is looked up across modules when a job runs instead of injected.
  constructor(private readonly refs: ModuleRef) {}

  /** Runs under the upload's correlation id, so the events trace back to the request. */
  run({ importId, correlationId }: JobPayload<typeof runRosterImportJob>): Promise<RunOutcome> {
    const runImport = this.refs.get(RunRosterImport, { strict: false });
    return runWithContext({ correlationId }, () => runImport.execute(importId));
  }
}
