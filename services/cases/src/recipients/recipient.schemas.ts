import { parseDivisionCode } from '@wushe/cn-standards';
import {
  HOUSEHOLD_RELATIONS,
  LEGAL_BASES,
  RECIPIENT_CATEGORIES,
  RECIPIENT_STATUS_REASONS,
  RECIPIENT_STATUSES,
} from '@wushe/contracts';
import { isoDate, isoDateTime, opaqueText, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';
import { assignedWorkerQuerySchema } from './caseload';

export const CATEGORY_SOURCES = ['manual', 'visit', 'roster-import', 'assessment'] as const;
export const REVEALABLE_FIELDS = ['residentId', 'phone', 'address'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

const villageCode = z.string().refine((code) => {
  const parsed = parseDivisionCode(code);
  return parsed.ok && parsed.value.level === 'village' && parsed.value.code === code;
}, 'must be a 12-digit village (村/居) division code');

export const categoryInputSchema = z
  .object({
    category: z.enum(RECIPIENT_CATEGORIES),
    validFrom: isoDate(),
    source: z.enum(CATEGORY_SOURCES).default('manual'),
  })
  .strict();
export type CategoryInput = z.infer<typeof categoryInputSchema>;

// The resident ID and phone are checked by the use case (cn-standards), so their errors carry
// CASES.* codes instead of a generic validation failure.
export const registerRecipientSchema = z
  .object({
    name: text({ max: 50 }),
    residentId: opaqueText({ max: 32 }),
    phone: opaqueText({ max: 32 }).optional(),
    address: text({ max: 200 }).optional(),
    villageCode,
    householdId: z.uuid().optional(),
    relation: z.enum(HOUSEHOLD_RELATIONS).optional(),
    categories: z.array(categoryInputSchema).max(10).default([]),
    legalBasis: z.enum(LEGAL_BASES),
    consentRecordedAt: isoDateTime().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.legalBasis === 'consent' && !input.consentRecordedAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['consentRecordedAt'],
        message: 'required when legalBasis is consent',
      });
    }
    if ((input.householdId === undefined) !== (input.relation === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['relation'], message: 'householdId and relation go together' });
    }
    const codes = input.categories.map((c) => c.category);
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'a category may appear only once' });
    }
  });
export type RegisterRecipientInput = z.infer<typeof registerRecipientSchema>;

export const listRecipientsQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    category: z.enum(RECIPIENT_CATEGORIES).optional(),
    status: z.enum(RECIPIENT_STATUSES).optional(),
    assignedWorker: assignedWorkerQuerySchema.optional(),
  })
  .strict();
export type ListRecipientsQuery = z.infer<typeof listRecipientsQuerySchema>;

export const recipientCursorSchema = z.object({ id: z.uuid() });

/**
 * Finding a person in the ledger by the ID card in hand or by the start of a name. A POST body,
 * not a query string: URLs end up in access logs, and both are personal data.
 */
export const searchRecipientsSchema = z
  .object({
    residentId: opaqueText({ max: 32 }).optional(),
    name: text({ max: 50 }).optional(),
    cursor: opaqueText({ min: 0, max: 500 }).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((b) => (b.residentId === undefined) !== (b.name === undefined), {
    message: 'give either residentId or name',
  });
export type SearchRecipientsInput = z.infer<typeof searchRecipientsSchema>;

export const revealSchema = z
  .object({
    reason: text({ min: 10, max: 500 }),
    fields: z
      .array(z.enum(REVEALABLE_FIELDS))
      .min(1)
      .max(3)
      .refine((f) => new Set(f).size === f.length, 'fields must not repeat'),
  })
  .strict();
export type RevealInput = z.infer<typeof revealSchema>;

export const changeStatusSchema = z
  .object({
    status: z.enum(RECIPIENT_STATUSES),
    reason: z.enum(RECIPIENT_STATUS_REASONS).optional(),
    note: text({ max: 150 }).optional(),
    version: z.number().int().min(1),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.status === 'closed' && !input.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when closing' });
    }
  });
export type ChangeStatusInput = z.infer<typeof changeStatusSchema>;

/** A correction or update of the contact details; `null` removes a phone or address. */
export const changeDetailsSchema = z
  .object({
    name: text({ max: 50 }).optional(),
    phone: opaqueText({ max: 32 }).nullable().optional(),
    address: text({ max: 200 }).nullable().optional(),
    version: z.number().int().min(1),
  })
  .strict()
  .refine((d) => d.name !== undefined || d.phone !== undefined || d.address !== undefined, {
    message: 'name, phone or address is required',
  });
export type ChangeDetailsInput = z.infer<typeof changeDetailsSchema>;

export const endCategorySchema = z.object({ validTo: isoDate() }).strict();
export type EndCategoryInput = z.infer<typeof endCategorySchema>;

export const recipientIdSchema = z.uuid();

/** `staffId: null` removes the assignment. */
export const assignWorkerSchema = z
  .object({ staffId: z.uuid().nullable(), version: z.number().int().min(1) })
  .strict();
export type AssignWorkerInput = z.infer<typeof assignWorkerSchema>;
