import { Injectable } from '@nestjs/common';
import { JobHandler, JobPayload } from '@wushe/jobs';
import { runWithContext } from '@wushe/platform';
import { runRosterImportJob } from './roster-import.job-definition';
import { RunOutcome, RunRosterImport } from './run-roster-import.use-case';

@Injectable()
export class RunRosterImportHandler implements JobHandler<typeof runRosterImportJob> {
  readonly job = runRosterImportJob;

  // RosterImportWorkModule's export (a global module, so JobsModule's providers see it).
  constructor(private readonly runImport: RunRosterImport) {}

  /** Runs under the upload's correlation id, so the events trace back to the request. */
  run({ importId, correlationId }: JobPayload<typeof runRosterImportJob>): Promise<RunOutcome> {
    return runWithContext({ correlationId }, () => this.runImport.execute(importId));
  }
}
