import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobHandler, JobPayload } from '@wushe/jobs';
import { runWithContext } from '@wushe/platform';
import { runRosterImportJob } from './roster-import.job-definition';
import { RunOutcome, RunRosterImport } from './run-roster-import.use-case';

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
