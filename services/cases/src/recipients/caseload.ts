import { Injectable } from '@nestjs/common';
import type { Principal } from '@wushe/platform';
import { z } from 'zod';
import { CasesDb } from '../database/cases-db';

/**
 * The `assignedWorker` filter of the ledger list and export: a staff id, `me` (the caller's own
 * caseload, 我负责的对象) or `none` (nobody assigned yet: the station's list to hand out).
 */
export const assignedWorkerQuerySchema = z.union([
  z.enum(['me', 'none']),
  z.uuid({ error: 'expected a staff id (UUID), me or none' }),
]);
export type AssignedWorkerQuery = z.infer<typeof assignedWorkerQuerySchema>;

/** What the repository filters on: recipients assigned to one of these staff, or to nobody. */
export type CaseloadFilter = { staffIds: string[] } | 'unassigned';

@Injectable()
export class Caseloads {
  constructor(private readonly db: CasesDb) {}

  async filterFor(
    principal: Principal,
    query: AssignedWorkerQuery | undefined,
  ): Promise<CaseloadFilter | undefined> {
    if (query === undefined) return undefined;
    if (query === 'none') return 'unassigned';
    if (query !== 'me') return { staffIds: [query] };
    // Only a person's account is linked to staff records (service accounts have none). An account
    // may hold several (a post at a station and one at a point): its caseload is all of them.
    if (!z.uuid().safeParse(principal.subject).success) return { staffIds: [] };
    const staff = await this.db.$transaction((tx) =>
      tx.staffCopy.findMany({ where: { accountId: principal.subject }, select: { staffId: true } }),
    );
    return { staffIds: staff.map((s) => s.staffId) };
  }
}
