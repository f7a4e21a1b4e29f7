import { parseDivisionCode } from '@wushe/cn-standards';
import { pageQuerySchema } from '@wushe/platform';
import { z } from 'zod';

export const VISIT_KINDS = ['discovery', 'routine', 'follow-up'] as const;

const villageCode = z.string().refine((code) => {
  const parsed = parseDivisionCode(code);
  return parsed.ok && parsed.value.level === 'village' && parsed.value.code === code;
}, 'must be a 12-digit village (村/居) division code');

// Field devices' clocks drift; a visit a few minutes "in the future" is a clock, not a lie.
const CLOCK_SKEW_MS = 10 * 60 * 1000;

export const recordVisitSchema = z
  .object({
    kind: z.enum(VISIT_KINDS),
    villageCode,
    visitedAt: z.iso
      .datetime({ offset: true })
      .refine((t) => Date.parse(t) <= Date.now() + CLOCK_SKEW_MS, 'cannot be in the future'),
    needsFound: z.number().int().min(0).max(100).default(0),
  })
  .strict();
export type RecordVisitInput = z.infer<typeof recordVisitSchema>;

export const listVisitsQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    kind: z.enum(VISIT_KINDS).optional(),
  })
  .strict();
export type ListVisitsQuery = z.infer<typeof listVisitsQuerySchema>;

export const visitCursorSchema = z.object({ t: z.string(), id: z.uuid() });

export const visitIdSchema = z.uuid();
