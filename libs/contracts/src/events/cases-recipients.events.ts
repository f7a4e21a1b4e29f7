import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// The recipients ledger (台账). Events carry ids, the village code, category codes, sex and birth
// year; never names, resident ID numbers, phones, addresses or free-text reasons (PIPL).

/** Recipient categories (困难群众类别) as stable codes. */
export const RECIPIENT_CATEGORIES = [
  'dibao', // 最低生活保障对象 (低保)
  'tekun', // 特困供养人员
  'dibao-edge', // 低保边缘家庭
  'rigid-expense', // 刚性支出困难家庭
  'orphan', // 孤儿
  'de-facto-orphan', // 事实无人抚养儿童
  'left-behind-child', // 农村留守儿童
  'child-in-difficulty', // 困境儿童
  'disabled', // 残疾人
  'elderly-alone', // 高龄/空巢/独居/留守老人
] as const;
export type RecipientCategoryCode = (typeof RECIPIENT_CATEGORIES)[number];

export const RECIPIENT_STATUSES = ['identified', 'assessed', 'in-service', 'closed'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** Why a status changed, as a code: the free-text note stays in the service. */
export const RECIPIENT_STATUS_REASONS = [
  'needs-met',
  'moved-away',
  'deceased',
  'declined-service',
  'no-longer-eligible',
  'new-need',
  'other',
] as const;

export const LEGAL_BASES = ['consent', 'statutory-duty', 'vital-interest'] as const;

const villageCode = z.string().regex(/^\d{12}$/);
const category = z.enum(RECIPIENT_CATEGORIES);
const version = z.number().int().min(1);

export const recipientRegisteredV1 = defineEvent({
  service: 'cases',
  entity: 'recipient',
  action: 'registered',
  version: 1,
  description:
    'A person in difficulty was entered in the recipients ledger (台账), with the categories they hold.',
  schema: z.object({
    recipientId: entityId,
    villageCode,
    categories: z.array(category),
    sex: z.enum(['male', 'female']),
    birthYear: z.number().int().min(1850).max(2099),
    legalBasis: z.enum(LEGAL_BASES),
  }),
});

export const recipientCategoriesChangedV1 = defineEvent({
  service: 'cases',
  entity: 'recipient',
  action: 'categories-changed',
  version: 1,
  description: 'A category was added to or ended for a recipient; `categories` lists the current ones.',
  schema: z.object({
    recipientId: entityId,
    villageCode,
    change: z.enum(['added', 'ended']),
    category,
    categories: z.array(category),
    version,
  }),
});

export const recipientStatusChangedV1 = defineEvent({
  service: 'cases',
  entity: 'recipient',
  action: 'status-changed',
  version: 1,
  description:
    'A recipient moved through identified → assessed → in-service → closed (or was reopened). Carries a reason code, never the note.',
  schema: z.object({
    recipientId: entityId,
    villageCode,
    from: z.enum(RECIPIENT_STATUSES),
    to: z.enum(RECIPIENT_STATUSES),
    reasonCode: z.enum(RECIPIENT_STATUS_REASONS).optional(),
    version,
  }),
});

export const recipientAssignedV1 = defineEvent({
  service: 'cases',
  entity: 'recipient',
  action: 'assigned',
  version: 1,
  description:
    'The social worker responsible for a recipient changed (staff id from identity), or was removed (null).',
  schema: z.object({
    recipientId: entityId,
    villageCode,
    staffId: entityId.nullable(),
    previousStaffId: entityId.nullable(),
    version,
  }),
});

export const RECIPIENT_DETAILS = ['name', 'phone', 'address'] as const;

export const recipientDetailsChangedV1 = defineEvent({
  service: 'cases',
  entity: 'recipient',
  action: 'details-changed',
  version: 1,
  description:
    'A writer corrected or updated a recipient’s name, phone or address. Says which of them changed, never their values.',
  schema: z.object({
    recipientId: entityId,
    villageCode,
    changed: z.array(z.enum(RECIPIENT_DETAILS)).min(1),
    version,
  }),
});

export const recipientEvents = [
  recipientRegisteredV1,
  recipientCategoriesChangedV1,
  recipientStatusChangedV1,
  recipientAssignedV1,
  recipientDetailsChangedV1,
] as const;
