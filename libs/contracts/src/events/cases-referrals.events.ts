import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Policy matching (政策找人) and referrals. Events carry ids, the village code, the policy code,
// the department and dates; never names, ID numbers, incomes, match reasons or decision notes.

export const REFERRAL_STATUSES = ['suggested', 'submitted', 'accepted', 'rejected'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

const isoDate = z.iso.date();
const referral = {
  referralId: entityId,
  recipientId: entityId,
  policyCode: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  villageCode: z.string().regex(/^\d{12}$/),
  version: z.number().int().min(1),
};

export const referralSuggestedV1 = defineEvent({
  service: 'cases',
  entity: 'referral',
  action: 'suggested',
  version: 1,
  description:
    'Policy matching found a policy the recipient appears eligible for and suggested a referral to its department.',
  schema: z.object({ ...referral, status: z.literal('suggested'), suggestedOn: isoDate }),
});

export const referralSubmittedV1 = defineEvent({
  service: 'cases',
  entity: 'referral',
  action: 'submitted',
  version: 1,
  description: 'A suggested referral was submitted to the department that decides on the policy.',
  schema: z.object({
    ...referral,
    status: z.literal('submitted'),
    department: z.string().min(1).max(16),
    submittedOn: isoDate,
  }),
});

export const referralDecidedV1 = defineEvent({
  service: 'cases',
  entity: 'referral',
  action: 'decided',
  version: 1,
  description: 'The department accepted or rejected a submitted referral. Carries no decision note.',
  schema: z.object({
    ...referral,
    status: z.enum(['accepted', 'rejected']),
    department: z.string().min(1).max(16),
    submittedOn: isoDate,
    decidedOn: isoDate,
  }),
});

export const referralEvents = [referralSuggestedV1, referralSubmittedV1, referralDecidedV1] as const;
