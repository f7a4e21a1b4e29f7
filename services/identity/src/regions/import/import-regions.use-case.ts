import { Injectable } from '@nestjs/common';
import { regionsImportedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { v7 as uuidv7 } from 'uuid';
import { isIsoDate, todayInChina } from '../effective-date';
import { RegionErrors } from '../region.errors';
import { RegionImportCounts, RegionImportRepository } from './region-import.repository';
import { invalidFile, RegionImportSet } from './region-source';

export interface RegionImportResult {
  importId: string;
  scope: string;
  source: string;
  effectiveDate: string;
  counts: RegionImportCounts;
  /** Whether anything changed (and so whether identity.regions.imported.v1 was published). */
  changed: boolean;
}

export function changesOf(counts: RegionImportCounts): number {
  return counts.added + counts.renamed + counts.moved + counts.ended + counts.reopened;
}

/**
 * Applies a validated province (file or package) as of an effective date, records the run and,
 * when something changed, announces it; all in one transaction, so a failure leaves nothing behind.
 */
@Injectable()
export class ImportRegions {
  constructor(
    private readonly imports: RegionImportRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    set: RegionImportSet,
    options: { effectiveDate?: string; startedAt?: Date } = {},
  ): Promise<RegionImportResult> {
    const effectiveDate = options.effectiveDate ?? todayInChina();
    if (!isIsoDate(effectiveDate)) throw new RangeError(`effective date ${effectiveDate} is not YYYY-MM-DD`);
    const importId = uuidv7();
    const { scope, source } = set;
    return this.imports.transaction(async (tx) => {
      await this.imports.lockScope(tx, scope);
      // Closing a version before it began would corrupt the history: imports move forward in time.
      const last = await this.imports.lastEffectiveDate(tx, scope);
      if (last !== null && effectiveDate < last) {
        throw RegionErrors.REGION_IMPORT_OUT_OF_ORDER({ scope, effectiveDate, lastEffectiveDate: last });
      }
      const needs = set.provinceFromDatabase;
      if (needs && !(await this.imports.isCurrent(tx, scope))) {
        throw invalidFile(source, [
          {
            at: needs.at,
            message: `the parent ${scope} of ${needs.child} is neither in the file nor a current region`,
          },
        ]);
      }
      await this.imports.stage(tx, set.rows);
      const counts = await this.imports.apply(tx, importId, scope, effectiveDate);
      await this.imports.record(tx, {
        id: importId,
        source,
        scope,
        effectiveDate,
        startedAt: options.startedAt ?? new Date(),
        counts,
      });
      const changed = changesOf(counts) > 0;
      if (changed) {
        await this.outbox.publish(
          tx,
          regionsImportedV1,
          { importId, scope, effectiveDate, counts },
          { subject: importId, regionCode: scope },
        );
      }
      return { importId, scope, source, effectiveDate, counts, changed };
    });
  }
}
