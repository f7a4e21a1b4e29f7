import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { recipientCategoriesChangedV1, recipientRegisteredV1, rosterImportedV1 } from '@wushe/contracts';
import { currentTraceHeaders, OutboxWriter } from '@wushe/messaging';
import { FieldCipher } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { RosterImportErrors } from '../roster-import.errors';
import { RosterImportRepository, RosterImportRow } from '../roster-import.repository';
import { RosterApplyCounts, RosterApplyRepository } from './roster-apply.repository';
import { runRosterImportJob } from './roster-import.job-definition';
import { cellsToRecord, ColumnMap, mapColumns } from './roster-columns';
import { readRosterRows, UnreadableRosterFile } from './roster-file';
import { RowError, rowError, validateRow, ValidRow } from './roster-row';
import { RosterStageRepository, RosterTx, StageProblem, StagedRow } from './roster-stage.repository';

/** Errors kept for the report; the count goes on past it (a wrong template can fail every row). */
export const ROSTER_REPORT_LIMIT = 10_000;
const STAGE_FLUSH = 10_000;
const PROGRESS_EVERY_MS = 1_000;
/** An import in one of these has nothing left to run (a failed one runs again only once requeued). */
const ENDED: readonly string[] = ['completed', 'rejected', 'failed', 'expired'];

export type RunOutcome =
  | { status: 'completed'; counts: RosterApplyCounts }
  | { status: 'rejected'; errorCount: number }
  | { status: 'skipped'; reason: string };

/**
 * The import job: reads the stored file as a stream, validates every row, stages the valid ones
 * and checks them across rows, all inside one transaction. Any problem and the import ends
 * `rejected` with its report and nothing written to the ledger; otherwise the whole file is
 * applied and committed at once. A crash anywhere rolls back, and a retry starts over cleanly.
 */
@Injectable()
export class RunRosterImport {
  constructor(
    private readonly imports: RosterImportRepository,
    private readonly stage: RosterStageRepository,
    private readonly ledger: RosterApplyRepository,
    private readonly cipher: FieldCipher,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The run in progress in this process; the next one waits for it (see execute). */
  private running: Promise<unknown> = Promise.resolve();

  /**
   * One import at a time per process. An import holds a pooled connection for its whole
   * transaction and takes a second one for progress; BullMQ would start up to its concurrency at
   * once, and as many imports as pool connections would each wait for a second connection forever.
   * Applying is serialised by an advisory lock anyway, and parsing uses a whole core.
   */
  execute(importId: string): Promise<RunOutcome> {
    const next = this.running.then(() => this.runOne(importId));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runOne(importId: string): Promise<RunOutcome> {
    const run = await this.imports.findForRun(importId);
    if (!run) return { status: 'skipped', reason: 'no such import' };
    if (ENDED.includes(run.status)) return { status: 'skipped', reason: run.status };
    await this.imports.start(importId);
    try {
      return await this.attempt(importId, run);
    } catch (error) {
      // The job will not be tried again: say so on the import instead of leaving it mid-phase.
      if (run.attempts + 1 >= runRosterImportJob.attempts) await this.imports.fail(importId);
      throw error;
    }
  }

  private async attempt(importId: string, run: RosterImportRow): Promise<RunOutcome> {
    const report = new Report(ROSTER_REPORT_LIMIT);
    const progress = { rowsParsed: 0, rowsValid: 0, rowsInvalid: 0 };

    const outcome = await this.stage.transaction<
      { status: 'rejected' } | { status: 'completed'; counts: RosterApplyCounts }
    >(async (tx) => {
      await this.stage.createStage(tx);
      await this.stageFile(tx, run, report, progress);
      await this.imports.progress(importId, { status: 'checking', ...progress });
      await this.stage.lock(tx);
      const checked = await this.stage.check(tx, run.regionCode, ROSTER_REPORT_LIMIT);
      for (const problem of checked.problems) report.add(problemError(problem));
      report.countBeyondLimit(checked.total - checked.problems.length);
      progress.rowsInvalid += checked.rows;
      progress.rowsValid -= checked.rows;
      if (report.total > 0) return { commit: false, result: { status: 'rejected' as const } };

      await this.imports.progress(importId, { status: 'applying', ...progress });
      const counts = await this.apply(tx, run);
      return { commit: true, result: { status: 'completed' as const, counts } };
    });

    if (outcome.status === 'rejected') {
      await this.imports.reject(importId, progress, report.sorted(), report.total);
      return { status: 'rejected', errorCount: report.total };
    }
    return outcome;
  }

  /** Parses and validates row by row, staging valid rows in batches; progress shows as it goes. */
  private async stageFile(
    tx: RosterTx,
    run: RosterImportRow,
    report: Report,
    progress: { rowsParsed: number; rowsValid: number; rowsInvalid: number },
  ): Promise<void> {
    const rules = {
      category: run.category,
      validFrom: `${run.month}-01`,
      inRegion: (code: string) => code.startsWith(run.regionCode),
      today: new Date(),
    };
    let columns: ColumnMap | undefined;
    let batch: StagedRow[] = [];
    // One batch in flight: PostgreSQL inserts it while the next one is parsed and encrypted.
    let inFlight: Promise<void> = Promise.resolve();
    let lastProgress = Date.now();
    try {
      for await (const raw of readRosterRows(this.file(run.id), run.fileFormat, run.fileEncoding)) {
        if (!columns) {
          const mapped = mapColumns(raw.cells);
          if (mapped.missing.length > 0) {
            report.add(
              rowError(
                raw.rowNumber,
                'file',
                RosterImportErrors.ROSTER_MISSING_COLUMNS(),
                mapped.missing.join(', '),
              ),
            );
            return;
          }
          columns = mapped.columns;
          continue;
        }
        progress.rowsParsed += 1;
        const result = validateRow(raw.rowNumber, cellsToRecord(raw.cells, columns), rules);
        if ('errors' in result) {
          progress.rowsInvalid += 1;
          for (const error of result.errors) report.add(error);
        } else {
          progress.rowsValid += 1;
          batch.push(this.toStaged(result.row));
        }
        if (batch.length >= STAGE_FLUSH) {
          await inFlight;
          inFlight = this.stage.stage(tx, batch);
          inFlight.catch(() => undefined); // awaited before the next batch; no unhandled rejection meanwhile
          batch = [];
        }
        if (progress.rowsParsed % STAGE_FLUSH === 0 || Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
          await this.imports.progress(run.id, progress);
          lastProgress = Date.now();
        }
      }
      await inFlight;
    } catch (error) {
      await inFlight.catch(() => undefined);
      if (!(error instanceof UnreadableRosterFile)) throw error;
      report.add(rowError(0, 'file', RosterImportErrors.ROSTER_UNREADABLE_FILE(), error.detail));
      return;
    }
    if (!columns || progress.rowsParsed === 0) {
      report.add(rowError(0, 'file', RosterImportErrors.ROSTER_NO_ROWS()));
      return;
    }
    await this.stage.stage(tx, batch);
  }

  /** The ID is hashed for lookup and encrypted here: the staging table never holds it in clear. */
  private toStaged(row: ValidRow): StagedRow {
    return {
      rowNumber: row.rowNumber,
      recipientId: uuidv7(),
      categoryId: uuidv7(),
      entryId: uuidv7(),
      eventId: uuidv7(),
      name: row.name,
      residentIdHash: this.cipher.lookupHash(row.resident.normalized),
      residentIdEncrypted: this.cipher.encrypt(row.resident.normalized),
      sex: row.resident.sex,
      birthDate: row.resident.birthDate,
      villageCode: row.villageCode,
      amountFen: row.amountFen,
      householdRef: row.householdRef,
    };
  }

  private async apply(tx: RosterTx, run: RosterImportRow): Promise<RosterApplyCounts> {
    // Templates come from the OutboxWriter (correlation, causation, trace, schema-checked); the
    // sample data is replaced per person in SQL.
    const sample = { subject: run.id, regionCode: run.regionCode };
    const someone = '00000000-0000-7000-8000-000000000000';
    const village = run.regionCode.padEnd(12, '0');
    const counts = await this.ledger.apply(tx, {
      importId: run.id,
      month: run.month,
      category: run.category,
      validFrom: `${run.month}-01`,
      today: chinaCalendarDate(new Date()),
      createdBy: run.createdBy,
      registeredTemplate: this.outbox.build(
        recipientRegisteredV1,
        {
          recipientId: someone,
          villageCode: village,
          categories: [run.category],
          sex: 'male',
          birthYear: 1950,
          legalBasis: 'statutory-duty',
        },
        sample,
      ),
      categoriesChangedTemplate: this.outbox.build(
        recipientCategoriesChangedV1,
        {
          recipientId: someone,
          villageCode: village,
          change: 'added',
          category: run.category,
          categories: [run.category],
          version: 2,
        },
        sample,
      ),
      outboxSubjects: {
        registered: recipientRegisteredV1.subject,
        categoriesChanged: recipientCategoriesChangedV1.subject,
      },
      headers: JSON.stringify(currentTraceHeaders()),
      differencesLimit: ROSTER_REPORT_LIMIT,
    });
    const changed = counts.registered + counts.categoriesAdded + counts.entriesAdded + counts.entriesChanged;
    // Like the regions import: an import that changed nothing announces nothing.
    if (changed > 0) {
      const { totalAmountFen, villageDifferences: _differences, ...rest } = counts;
      await this.outbox.publish(
        tx,
        rosterImportedV1,
        {
          importId: run.id,
          regionCode: run.regionCode,
          month: run.month,
          category: run.category,
          counts: rest,
          totalAmountFen,
        },
        { subject: run.id, regionCode: run.regionCode },
      );
    }
    await this.ledger.complete(tx, run.id, counts);
    return counts;
  }

  private async *file(importId: string): AsyncGenerator<Buffer> {
    for await (const encrypted of this.imports.chunks(importId)) {
      yield Buffer.from(this.cipher.decrypt(encrypted), 'base64');
    }
  }
}

function problemError(problem: StageProblem): RowError {
  return problem.kind === 'duplicate'
    ? rowError(
        problem.rowNumber,
        'residentId',
        RosterImportErrors.ROSTER_DUPLICATE_ID(),
        `first in row ${problem.firstRow}`,
      )
    : rowError(problem.rowNumber, 'residentId', RosterImportErrors.ROSTER_REGISTERED_ELSEWHERE());
}

/** The row errors kept for the report (the first `limit`) and how many there were in all. */
class Report {
  readonly errors: RowError[] = [];
  total = 0;

  constructor(private readonly limit: number) {}

  add(error: RowError): void {
    this.total += 1;
    if (this.errors.length < this.limit) this.errors.push(error);
  }

  /** In row order; errors of one row keep the order they were found in (the sort is stable). */
  sorted(): RowError[] {
    return [...this.errors].sort((a, b) => a.rowNumber - b.rowNumber);
  }

  countBeyondLimit(n: number): void {
    this.total += n;
  }
}
