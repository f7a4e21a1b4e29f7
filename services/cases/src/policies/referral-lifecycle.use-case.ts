import { Injectable } from '@nestjs/common';
import { chinaCalendarDate } from '@wushe/cn-standards';
import { referralDecidedV1, referralSubmittedV1 } from '@wushe/contracts';
import { OutboxWriter } from '@wushe/messaging';
import { CommonErrors, FieldCipher, Principal } from '@wushe/platform';
import { CasesDb } from '../database/cases-db';
import type { Referral } from '../generated/prisma';
import { RecipientErrors } from '../recipients';
import { PolicyErrors } from './policy.errors';
import { PolicyRepository } from './policy.repository';
import type { DecideReferralInput, SubmitReferralInput } from './policy.schemas';
import { presentReferral, ReferralView } from './referral.presenter';
import { loadForAction, scopeFor } from '../access/permissions';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** suggested → submitted → accepted | rejected; every step is versioned and announced. */
@Injectable()
export class ReferralLifecycle {
  constructor(
    private readonly db: CasesDb,
    private readonly repository: PolicyRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: FieldCipher,
  ) {}

  async list(principal: Principal, recipientId: string): Promise<{ items: ReferralView[] }> {
    const scope = scopeFor(principal, 'referrals.read');
    if (!(await this.repository.recipient(scope, recipientId))) {
      throw CommonErrors.NOT_FOUND({ resource: 'recipient', id: recipientId });
    }
    return {
      items: (await this.repository.referralsOf(scope, recipientId)).map((r) =>
        presentReferral(r, this.cipher),
      ),
    };
  }

  async submit(principal: Principal, id: string, input: SubmitReferralInput): Promise<ReferralView> {
    const referral = await this.load(principal, id, input.version, 'submitted');
    if (referral.status !== 'suggested') {
      throw PolicyErrors.INVALID_REFERRAL_TRANSITION({ from: referral.status, to: 'submitted' });
    }
    assertNotFuture('submittedOn', input.submittedOn);
    const department =
      input.department ?? (await this.repository.policy(referral.policyCode))?.department ?? '民政';
    const updated = await this.db.$transaction(async (tx) => {
      const after = await this.repository.transition(
        tx,
        scopeFor(principal, 'referrals.manage'),
        id,
        input.version,
        'suggested',
        {
          status: 'submitted',
          department,
          submittedOn: asDate(input.submittedOn),
        },
      );
      if (!after) throw RecipientErrors.VERSION_CONFLICT();
      await this.outbox.publish(
        tx,
        referralSubmittedV1,
        {
          ...eventIds(after),
          status: 'submitted',
          department,
          submittedOn: input.submittedOn,
        },
        { subject: id, regionCode: after.villageCode },
      );
      return after;
    });
    return presentReferral(updated, this.cipher);
  }

  async decide(principal: Principal, id: string, input: DecideReferralInput): Promise<ReferralView> {
    const referral = await this.load(principal, id, input.version, input.outcome);
    if (referral.status !== 'submitted' || !referral.submittedOn || !referral.department) {
      throw PolicyErrors.INVALID_REFERRAL_TRANSITION({ from: referral.status, to: input.outcome });
    }
    const submittedOn = isoDate(referral.submittedOn);
    const department = referral.department;
    if (input.decidedOn < submittedOn) {
      throw PolicyErrors.INVALID_REFERRAL_DATES({ submittedOn, decidedOn: input.decidedOn });
    }
    assertNotFuture('decidedOn', input.decidedOn);
    const updated = await this.db.$transaction(async (tx) => {
      const after = await this.repository.transition(
        tx,
        scopeFor(principal, 'referrals.manage'),
        id,
        input.version,
        'submitted',
        {
          status: input.outcome,
          decidedOn: asDate(input.decidedOn),
          noteEncrypted: input.note ? this.cipher.encrypt(input.note) : null,
        },
      );
      if (!after) throw RecipientErrors.VERSION_CONFLICT();
      await this.outbox.publish(
        tx,
        referralDecidedV1,
        {
          ...eventIds(after),
          status: input.outcome,
          department,
          submittedOn,
          decidedOn: input.decidedOn,
        },
        { subject: id, regionCode: after.villageCode },
      );
      return after;
    });
    return presentReferral(updated, this.cipher);
  }

  /** The referral to act on (loadForAction: only readable → FORBIDDEN, not even that → NOT_FOUND), at the expected version. */
  private async load(principal: Principal, id: string, version: number, to: string): Promise<Referral> {
    const referral = await loadForAction(
      principal,
      { read: 'referrals.read', act: 'referrals.manage' },
      { resource: 'referral', id },
      (scope) => this.repository.referral(scope, id),
    );
    if (referral.version !== version) {
      throw RecipientErrors.VERSION_CONFLICT({ currentVersion: referral.version, to });
    }
    return referral;
  }
}

function eventIds(referral: Referral) {
  return {
    referralId: referral.id,
    recipientId: referral.recipientId,
    policyCode: referral.policyCode,
    villageCode: referral.villageCode,
    version: referral.version,
  };
}

function assertNotFuture(field: string, date: string): void {
  const today = chinaCalendarDate(new Date());
  if (date > today) throw PolicyErrors.INVALID_REFERRAL_DATES({ [field]: date, today });
}
