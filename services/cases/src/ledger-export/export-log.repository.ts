import { Injectable } from '@nestjs/common';
import { CasesDb } from '../database/cases-db';

export interface ExportStart {
  id: string;
  actorId: string;
  format: string;
  filter: { region?: string; category?: string; status?: string; assignedWorker?: string };
  scope: readonly string[];
  ip: string | null;
}

/** The audit trail of ledger exports (PIPL: who took which part of the ledger, when, how much). */
@Injectable()
export class ExportLogRepository {
  constructor(private readonly db: CasesDb) {}

  async started(entry: ExportStart): Promise<void> {
    await this.db.$transaction((tx) => tx.exportLog.create({ data: { ...entry, scope: [...entry.scope] } }));
  }

  async ended(id: string, status: 'completed' | 'failed', rowCount: number): Promise<void> {
    await this.db.$transaction((tx) =>
      tx.exportLog.update({ where: { id }, data: { status, rowCount, finishedAt: new Date() } }),
    );
  }
}
