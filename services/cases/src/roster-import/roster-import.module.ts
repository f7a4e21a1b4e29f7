import { Global, Module } from '@nestjs/common';
import { RosterImportController } from './roster-import.controller';
import { RosterImportRepository } from './roster-import.repository';
import { RetryRosterImport } from './retry-import/retry-roster-import.use-case';
import { RosterApplyRepository } from './run-import/roster-apply.repository';
import { RunRosterImport } from './run-import/run-roster-import.use-case';
import { RosterStageRepository } from './run-import/roster-stage.repository';
import { UploadRoster } from './upload-roster/upload-roster.use-case';
import { ViewRosterImports } from './view-imports/view-roster-imports.use-case';

/** Upload, progress and report: the API side of the roster import. */
@Module({
  controllers: [RosterImportController],
  providers: [RosterImportRepository, UploadRoster, ViewRosterImports, RetryRosterImport],
})
export class RosterImportModule {}

/**
 * The job's side. Global because JobsModule instantiates job handlers inside itself, so what a
 * handler needs must be visible from there.
 */
@Global()
@Module({
  providers: [RosterImportRepository, RosterStageRepository, RosterApplyRepository, RunRosterImport],
  exports: [RunRosterImport],
})
export class RosterImportWorkModule {}
