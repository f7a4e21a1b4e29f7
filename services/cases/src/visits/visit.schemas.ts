import { parseDivisionCode } from '@wushe/cn-standards';
import { ASSESSMENT_DOMAINS } from '@wushe/contracts';
import { isoDate, isoDateTime, multilineText, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';
import { registerRecipientSchema } from '../recipients';

export const VISIT_KINDS = ['discovery', 'routine', 'follow-up'] as const;

const villageCode = z.string().refine((code) => {
  const parsed = parseDivisionCode(code);
  return parsed.ok && parsed.value.level === 'village' && parsed.value.code === code;
}, 'must be a 12-digit village (村/居) division code');

// Field devices' clocks drift; a visit a few minutes "in the future" is a clock, not a lie.
const CLOCK_SKEW_MS = 10 * 60 * 1000;

/**
 * Where the household was visited, in GCJ-02 (火星坐标): what domestic map SDKs and WeChat's
 * `getLocation({ type: 'gcj02' })` give a field device, and what any domestic map shows without
 * conversion. The box is China's extent, roughly (Zengmu Ansha to Mohe, the Pamirs to Fuyuan).
 */
export const coordinatesSchema = z
  .object({
    lat: z.number().min(3.8, 'must lie within China').max(53.6, 'must lie within China'),
    lng: z.number().min(73.4, 'must lie within China').max(135.1, 'must lie within China'),
  })
  .strict();
export type Coordinates = z.infer<typeof coordinatesSchema>;

export const MAX_NEW_RECIPIENTS = 20;

export const recordVisitSchema = z
  .object({
    kind: z.enum(VISIT_KINDS),
    villageCode,
    visitedAt: isoDateTime().refine(
      (t) => Date.parse(t) <= Date.now() + CLOCK_SKEW_MS,
      'cannot be in the future',
    ),
    /** How many needs were found; at least one per domain in `needDomains` (defaults to their count). */
    needsFound: z.number().int().min(0).max(100).optional(),
    /** The assessment domains the needs fall in. */
    needDomains: z.array(z.enum(ASSESSMENT_DOMAINS)).max(ASSESSMENT_DOMAINS.length).default([]),
    coordinates: coordinatesSchema.optional(),
    /** What the worker found: personal data, encrypted, shown only to visit writers in scope. */
    findings: multilineText({ max: 4000 }).optional(),
    /** People already in the ledger who were visited (required for routine and follow-up visits). */
    recipientIds: z.array(z.uuid()).max(MAX_NEW_RECIPIENTS).default([]),
    /** People a discovery visit found and enters in the ledger (same fields as POST /recipients). */
    newRecipients: z.array(registerRecipientSchema).max(MAX_NEW_RECIPIENTS).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (new Set(input.needDomains).size !== input.needDomains.length) {
      issue(['needDomains'], 'a domain may appear only once');
    }
    if (input.needsFound !== undefined && input.needsFound < input.needDomains.length) {
      issue(['needsFound'], 'at least one need per domain in needDomains');
    }
    if (new Set(input.recipientIds).size !== input.recipientIds.length) {
      issue(['recipientIds'], 'a recipient may appear only once');
    }
    if (input.kind !== 'discovery' && input.recipientIds.length === 0) {
      issue(['recipientIds'], `a ${input.kind} visit names the recipients visited`);
    }
    if (input.kind !== 'discovery' && input.newRecipients.length > 0) {
      issue(['newRecipients'], 'only a discovery visit registers new recipients');
    }
  });
export type RecordVisitInput = z.infer<typeof recordVisitSchema>;

export const listVisitsQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    kind: z.enum(VISIT_KINDS).optional(),
    /** Visits that saw (or registered) this recipient. */
    recipientId: z.uuid().optional(),
    /** Visits a worker recorded: their account id, or `me`. */
    worker: text({ max: 64 }).optional(),
    /** China calendar days, both included (a month's visits: from=2026-11-01&to=2026-11-30). */
    from: isoDate().optional(),
    to: isoDate().optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'to must not be before from',
  });
export type ListVisitsQuery = z.infer<typeof listVisitsQuerySchema>;

export const visitCursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

export const visitIdSchema = z.uuid();
