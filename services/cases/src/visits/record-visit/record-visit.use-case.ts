import { Injectable } from '@nestjs/common';
import { visitRecordedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb } from '../../database/cases-db';
import { HouseholdErrors } from '../../households';
import { MatchPolicies, PolicySuggestions } from '../../policies';
import {
  isUniqueViolation,
  PreparedRegistration,
  RecipientErrors,
  RegisterRecipient,
} from '../../recipients';
import type { RecipientWithCategories } from '../../recipients';
import { atItem, VisitErrors } from '../visit.errors';
import { presentVisit, VisitView } from '../visit.presenter';
import { VisitRepository } from '../visit.repository';
import type { RecordVisitInput } from '../visit.schemas';
import { scopeFor } from '../../access/permissions';

export type RecordedVisitView = VisitView & { policySuggestions: PolicySuggestions[] };

/**
 * Records a household visit: the visit, the people it found registered in the ledger (discovery),
 * the links to the people it saw, the policy suggestions for all of them, and every event, in ONE
 * transaction. Policy matching runs inside it on purpose: the suggestions are part of what the
 * visit produced (进村入户 → 政策找人 → 转介), a field device on a poor network must never see an
 * error for a visit that was in fact stored (it would retry and record it twice), and the work
 * added is small (one catalogue read, pure evaluation, one insert per person).
 */
@Injectable()
export class RecordVisit {
  constructor(
    private readonly db: CasesDb,
    private readonly visits: VisitRepository,
    private readonly register: RegisterRecipient,
    private readonly matchPolicies: MatchPolicies,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async execute(principal: Principal, input: RecordVisitInput): Promise<RecordedVisitView> {
    scopeFor(principal, 'visits.record').assertCovers(input.villageCode);
    const visited = await this.loadVisited(principal, input);
    const prepared = await this.prepareNewcomers(principal, input);
    try {
      return await this.db.$transaction(async (tx) => {
        const registered: RecipientWithCategories[] = [];
        for (const [i, p] of prepared.entries()) {
          // Joining a household can still be refused here (it already has a head): name the entry.
          try {
            registered.push(await this.register.insert(tx, principal, p));
          } catch (error) {
            throw atItem(error, `newRecipients[${i}]`);
          }
        }
        const row = await this.visits.create(
          tx,
          scopeFor(principal, 'visits.record'),
          {
            id: uuidv7(),
            kind: input.kind,
            villageCode: input.villageCode,
            workerId: principal.subject,
            visitedAt: new Date(input.visitedAt),
            needsFound: input.needsFound ?? input.needDomains.length,
            needDomains: input.needDomains,
            coordinatesEncrypted: input.coordinates
              ? this.cipher.encrypt(JSON.stringify(input.coordinates))
              : null,
            findingsEncrypted: input.findings ? this.cipher.encrypt(input.findings) : null,
            createdBy: principal.subject,
          },
          [
            ...visited.map((r) => ({ recipientId: r.id, registered: false })),
            ...registered.map((r) => ({ recipientId: r.id, registered: true })),
          ],
        );
        await this.outbox.publish(
          tx,
          visitRecordedV1,
          {
            visitId: row.id,
            kind: input.kind,
            villageCode: row.villageCode,
            workerId: row.workerId,
            visitedAt: row.visitedAt.toISOString(),
            needsFound: row.needsFound,
            needDomains: input.needDomains,
            recipientIds: visited.map((r) => r.id),
            registeredRecipientIds: registered.map((r) => r.id),
          },
          { subject: row.id, regionCode: row.villageCode },
        );
        // A closed case (moved away, deceased) is visited but not offered new assistance.
        const open = [...visited, ...registered].filter((r) => r.status !== 'closed');
        const policySuggestions = await this.matchPolicies.suggestWithin(
          tx,
          scopeFor(principal, 'referrals.manage'),
          principal.subject,
          open.map((recipient) => ({ recipient })),
        );
        const view = presentVisit(row, this.cipher, false);
        // In the order the request named them, so a device can match ids to its entries.
        return { ...view, registeredRecipientIds: registered.map((r) => r.id), policySuggestions };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent registration of one of the IDs won the unique index: say which one.
      for (const [i, p] of prepared.entries()) {
        const duplicate = await this.register.duplicateOf(principal, p.hash);
        if (duplicate) throw atItem(duplicate, `newRecipients[${i}]`);
      }
      // Otherwise a concurrent request gave a household its head (the one-head index).
      const head = prepared.findIndex((p) => p.household && p.input.relation === 'head');
      if (head >= 0) throw atItem(HouseholdErrors.HOUSEHOLD_HAS_HEAD(), `newRecipients[${head}]`);
      throw error;
    }
  }

  /**
   * The people named as visited: readable by the caller (else 404, not disclosed) and living in
   * the visit's village (a visit is to one village's households).
   */
  private async loadVisited(
    principal: Principal,
    input: RecordVisitInput,
  ): Promise<RecipientWithCategories[]> {
    const found = await this.visits.findRecipients(scopeFor(principal, 'visits.read'), input.recipientIds);
    return input.recipientIds.map((id, i) => {
      const recipient = found.find((r) => r.id === id);
      const path = `recipientIds[${i}]`;
      if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id, path });
      if (recipient.villageCode !== input.villageCode) throw VisitErrors.VISIT_VILLAGE_MISMATCH({ path });
      return recipient;
    });
  }

  /** Every newcomer checked as POST /recipients would; the first bad one refuses the whole visit. */
  private async prepareNewcomers(
    principal: Principal,
    input: RecordVisitInput,
  ): Promise<PreparedRegistration[]> {
    const prepared: PreparedRegistration[] = [];
    for (const [i, person] of input.newRecipients.entries()) {
      const path = `newRecipients[${i}]`;
      if (person.villageCode !== input.villageCode) throw VisitErrors.VISIT_VILLAGE_MISMATCH({ path });
      let p: PreparedRegistration;
      try {
        // Categories found at a visit are recorded as such, whatever the form said.
        p = await this.register.prepare(principal, {
          ...person,
          categories: person.categories.map((c) => ({ ...c, source: 'visit' as const })),
        });
      } catch (error) {
        throw atItem(error, path);
      }
      const same = prepared.findIndex((q) => q.hash === p.hash);
      if (same >= 0) {
        throw RecipientErrors.RECIPIENT_DUPLICATE_ID({ path, sameAs: `newRecipients[${same}]` });
      }
      prepared.push(p);
    }
    return prepared;
  }
}
