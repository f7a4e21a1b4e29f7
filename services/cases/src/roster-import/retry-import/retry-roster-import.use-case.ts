import { Injectable } from '@nestjs/common';
import { JobRunner } from '@wushe/jobs';
import { CommonErrors, correlationId, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { runRosterImportJob } from '../run-import/roster-import.job-definition';
import { RosterImportErrors } from '../roster-import.errors';
import { presentRosterImport, RosterImportView } from '../roster-import.presenter';
import { RosterImportRepository } from '../roster-import.repository';
import { scopeFor } from '../../access/permissions';

/**
 * Queues a failed import again (its file is kept until the import ends, or for two weeks after it
 * failed). Only a failed import: a rejected one had bad rows, and the fix is a corrected file, not
 * another run of the same one.
 */
@Injectable()
export class RetryRosterImport {
  constructor(
    private readonly imports: RosterImportRepository,
    private readonly jobs: JobRunner,
  ) {}

  async execute(principal: Principal, id: string): Promise<RosterImportView> {
    const writable = scopeFor(principal, 'roster-imports.manage');
    const row = await this.imports.requeue(writable, id);
    if (!row) {
      const seen = await this.imports.findInScope(scopeFor(principal, 'roster-imports.read'), id);
      if (!seen) throw CommonErrors.NOT_FOUND({ resource: 'roster-import', id });
      if (!writable.covers(seen.regionCode)) throw CommonErrors.FORBIDDEN();
      if (seen.status === 'expired') throw RosterImportErrors.ROSTER_FILE_EXPIRED();
      throw RosterImportErrors.ROSTER_IMPORT_NOT_FAILED({ status: seen.status });
    }
    // A new job id: the failed job keeps its own for inspection, and BullMQ ignores a reused one.
    await this.jobs.enqueue(
      runRosterImportJob,
      { importId: id, correlationId: correlationId() },
      `${id}/retry-${uuidv7()}`,
    );
    return presentRosterImport(row);
  }
}
