import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, FieldCipher, Page, Principal, toPage } from '@wushe/platform';
import { Caseloads } from '../caseload';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { LedgerFilter, RecipientRepository } from '../recipient.repository';
import { ListRecipientsQuery, recipientCursorSchema, SearchRecipientsInput } from '../recipient.schemas';
import { parseResidentIdOrThrow } from '../resident-ids';
import { todayUtcDate } from '../category-rules';
import { scopeFor } from '../../access/permissions';

/** Masked reads of the ledger, confined to the caller's reader scope. */
@Injectable()
export class ViewRecipients {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly caseloads: Caseloads,
    private readonly cipher: FieldCipher,
  ) {}

  async page(principal: Principal, query: ListRecipientsQuery): Promise<Page<RecipientView>> {
    const caseload = await this.caseloads.filterFor(principal, query.assignedWorker);
    return this.masked(principal, query, {
      region: query.region,
      category: query.category,
      status: query.status,
      caseload,
    });
  }

  /** The same masked page, for a resident ID (exact, by its keyed hash) or a name prefix. */
  async search(principal: Principal, input: SearchRecipientsInput): Promise<Page<RecipientView>> {
    const residentIdHash =
      input.residentId === undefined
        ? undefined
        : this.cipher.lookupHash(parseResidentIdOrThrow(input.residentId).normalized);
    return this.masked(principal, input, { name: input.name, residentIdHash });
  }

  /** One keyed page of the ledger in the caller's reader scope, masked. */
  private async masked(
    principal: Principal,
    paging: { cursor?: string; limit: number },
    filter: Omit<LedgerFilter, 'today'>,
  ): Promise<Page<RecipientView>> {
    const cursor = decodeCursor(paging.cursor, recipientCursorSchema);
    const now = new Date();
    const rows = await this.recipients.page(
      scopeFor(principal, 'recipients.read'),
      { ...filter, today: todayUtcDate(now) },
      cursor?.id,
      paging.limit + 1,
    );
    return toPage(
      rows.map((r) => presentRecipient(r, this.cipher, now)),
      paging.limit,
      (r) => ({ id: r.id }),
    );
  }

  /** A recipient outside the caller's scope is reported as missing: its existence is not disclosed. */
  async get(principal: Principal, id: string): Promise<RecipientView> {
    const recipient = await this.recipients.findById(scopeFor(principal, 'recipients.read'), id);
    if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id });
    return presentRecipient(recipient, this.cipher);
  }
}
