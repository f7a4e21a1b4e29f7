import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { RecipientCategoryCode, recipientCategoriesChangedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { CasesDb, CasesTx } from '../../database/cases-db';
import { assertCategoryAllowed, isCurrent } from '../category-rules';
import { loadRecipientForAction } from '../recipient-access';
import { RecipientErrors } from '../recipient.errors';
import { presentRecipient, RecipientView } from '../recipient.presenter';
import { RecipientRepository, RecipientWithCategories } from '../recipient.repository';
import type { CategoryInput, EndCategoryInput } from '../recipient.schemas';
import { scopeFor } from '../../access/permissions';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Adds and ends a recipient's categories; each change bumps the version and is announced. */
@Injectable()
export class ManageCategories {
  constructor(
    private readonly db: CasesDb,
    private readonly recipients: RecipientRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async add(principal: Principal, id: string, input: CategoryInput): Promise<RecipientView> {
    const recipient = await this.load(principal, id);
    const today = chinaCalendarDate(new Date());
    if (recipient.categories.some((c) => c.category === input.category && isCurrent(c.validTo, today))) {
      throw RecipientErrors.CATEGORY_ALREADY_HELD({ category: input.category });
    }
    assertCategoryAllowed(input.category, isoDate(recipient.birthDate), input.validFrom);
    const current = this.currentCodes(recipient, today);
    return this.change(principal, recipient, 'added', input.category, [...current, input.category], (tx) =>
      tx.recipientCategory
        .create({
          data: {
            id: uuidv7(),
            recipientId: recipient.id,
            category: input.category,
            validFrom: asDate(input.validFrom),
            source: input.source,
          },
        })
        .then(() => undefined),
    );
  }

  async end(
    principal: Principal,
    id: string,
    categoryId: string,
    input: EndCategoryInput,
  ): Promise<RecipientView> {
    const recipient = await this.load(principal, id);
    const category = recipient.categories.find((c) => c.id === categoryId);
    if (!category) throw CommonErrors.NOT_FOUND({ resource: 'recipient-category', id: categoryId });
    if (category.validTo !== null) throw RecipientErrors.CATEGORY_ALREADY_ENDED({ categoryId });
    if (input.validTo < isoDate(category.validFrom)) {
      throw RecipientErrors.INVALID_CATEGORY_DATES({
        validFrom: isoDate(category.validFrom),
        validTo: input.validTo,
      });
    }
    const today = chinaCalendarDate(new Date());
    const remaining = recipient.categories
      .filter((c) => c.id !== categoryId && isCurrent(c.validTo, today))
      .map((c) => c.category as RecipientCategoryCode);
    const stillCurrent = isCurrent(asDate(input.validTo), today);
    const codes = stillCurrent ? [...remaining, category.category as RecipientCategoryCode] : remaining;
    return this.change(
      principal,
      recipient,
      'ended',
      category.category as RecipientCategoryCode,
      codes,
      async (tx) => {
        const { count } = await tx.recipientCategory.updateMany({
          where: { id: categoryId, validTo: null },
          data: { validTo: asDate(input.validTo) },
        });
        if (count !== 1) throw RecipientErrors.CATEGORY_ALREADY_ENDED({ categoryId });
      },
    );
  }

  private async load(principal: Principal, id: string): Promise<RecipientWithCategories> {
    return loadRecipientForAction(this.recipients, principal, 'recipients.manage', id);
  }

  private currentCodes(recipient: RecipientWithCategories, today: string): RecipientCategoryCode[] {
    return recipient.categories
      .filter((c) => isCurrent(c.validTo, today))
      .map((c) => c.category as RecipientCategoryCode);
  }

  private async change(
    principal: Principal,
    recipient: RecipientWithCategories,
    change: 'added' | 'ended',
    category: RecipientCategoryCode,
    categories: RecipientCategoryCode[],
    write: (tx: CasesTx) => Promise<void>,
  ): Promise<RecipientView> {
    await this.db.$transaction(async (tx) => {
      await write(tx);
      const updated = await this.recipients.updateVersioned(
        tx,
        scopeFor(principal, 'recipients.manage'),
        recipient.id,
        recipient.version,
        {},
      );
      if (!updated) throw RecipientErrors.VERSION_CONFLICT();
      await this.outbox.publish(
        tx,
        recipientCategoriesChangedV1,
        {
          recipientId: recipient.id,
          villageCode: recipient.villageCode,
          change,
          category,
          categories: [...new Set(categories)].sort(),
          version: recipient.version + 1,
        },
        { subject: recipient.id, regionCode: recipient.villageCode },
      );
    });
    const after = await this.recipients.findById(scopeFor(principal, 'recipients.manage'), recipient.id);
    if (!after) throw CommonErrors.NOT_FOUND({ resource: 'recipient', id: recipient.id });
    return presentRecipient(after, this.cipher);
  }
}
