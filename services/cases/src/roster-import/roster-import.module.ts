import { Global, Module } from '@nestjs/common';
import { RosterImportController } from './roster-import.controller';
import { RosterImportRepository } from './roster-import.repository';
import { RetryRosterImport } from './retry-import/retry-roster-import.use-case';
import { RosterApplyRepository } from './run-import/roster-apply.repository';
import { RunRosterImport } from './run-import/run-roster-import.use-case';
import { RosterStageRepository } from './run-import/roster-stage.repository';
import { UploadRoster } from './upload-roster/upload-roster.use-case';
import { ViewRosterImports } from './view-imports/view-roster-imports.use-case';

/**
 * The job's side, and the feature's front door: the import repository and the run, for the job
 * handlers and for the API side. Global because job handlers are providers of JobsModule, which
 * sees global exports (importing this module into JobsModule instead kept app.close() from
 * finishing in about half the runs of assignment.spec; not understood yet).
 */
@Global()
@Module({
  providers: [RosterImportRepository, RosterStageRepository, RosterApplyRepository, RunRosterImport],
  exports: [RosterImportRepository, RunRosterImport],
})
export class RosterImportWorkModule {}

/** Upload, progress and report: the API side of the roster import. */
@Module({
  imports: [RosterImportWorkModule],
  controllers: [RosterImportController],
  providers: [UploadRoster, ViewRosterImports, RetryRosterImport],
})
export class RosterImportModule {}
