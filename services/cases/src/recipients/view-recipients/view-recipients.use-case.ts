import { Injectable } from '@nestjs/common';
import {
  CommonErrors,
  decodeCursor,
  FieldCipher,
  Page,
  Principal,
  RegionScope,
  toPage,
} from '@wushe/platform';
import { Caseloads } from '../caseload';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository } from '../recipient.repository';
import { RECIPIENT_READERS } from '../recipient-roles';
import { ListRecipientsQuery, recipientCursorSchema, SearchRecipientsInput } from '../recipient.schemas';
import { parseResidentIdOrThrow } from '../resident-ids';
import { todayUtcDate } from '../category-rules';

/** Masked reads of the ledger, confined to the caller's reader scope. */
@Injectable()
export class ViewRecipients {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly caseloads: Caseloads,
    private readonly cipher: FieldCipher,
  ) {}

  async page(principal: Principal, query: ListRecipientsQuery): Promise<Page<RecipientView>> {
    const scope = RegionScope.of(principal, RECIPIENT_READERS);
    const cursor = decodeCursor(query.cursor, recipientCursorSchema);
    const now = new Date();
    const rows = await this.recipients.page(
      scope,
      {
        region: query.region,
        category: query.category,
        status: query.status,
        caseload: await this.caseloads.filterFor(principal, query.assignedWorker),
        today: todayUtcDate(now),
      },
      cursor?.id,
      query.limit + 1,
    );
    return toPage(
      rows.map((r) => presentRecipient(r, this.cipher, now)),
      query.limit,
      (r) => ({ id: r.id }),
    );
  }

  /** The same masked page, for a resident ID (exact, by its keyed hash) or a name prefix. */
  async search(principal: Principal, input: SearchRecipientsInput): Promise<Page<RecipientView>> {
    const scope = RegionScope.of(principal, RECIPIENT_READERS);
    const cursor = decodeCursor(input.cursor, recipientCursorSchema);
    const residentIdHash =
      input.residentId === undefined
        ? undefined
        : this.cipher.lookupHash(parseResidentIdOrThrow(input.residentId).normalized);
    const now = new Date();
    const rows = await this.recipients.page(
      scope,
      { name: input.name, residentIdHash, today: todayUtcDate(now) },
      cursor?.id,
      input.limit + 1,
    );
    return toPage(
      rows.map((r) => presentRecipient(r, this.cipher, now)),
      input.limit,
      (r) => ({ id: r.id }),
    );
  }

  /** A recipient outside the caller's scope is reported as missing: its existence is not disclosed. */
  async get(principal: Principal, id: string): Promise<RecipientView> {
    const recipient = await this.recipients.findById(RegionScope.of(principal, RECIPIENT_READERS), id);
    if (!recipient) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id });
    return presentRecipient(recipient, this.cipher);
  }
}
