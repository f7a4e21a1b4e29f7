import {
  ASSESSMENT_DOMAINS,
  CASE_SERVICE_TYPES,
  MONITORING_FREQUENCIES,
  MONITORING_OUTCOMES,
  RISK_LEVELS,
} from '@wushe/contracts';
import { pageQuerySchema } from '@wushe/platform';
import { z } from 'zod';

export const SERVICE_FREQUENCIES = [
  'once',
  'daily',
  'weekly',
  'biweekly',
  'monthly',
  'quarterly',
  'as-needed',
] as const;

const note = z.string().trim().min(1).max(2000);
/** An instant no later than a few minutes from now (clock skew). */
const pastInstant = z.iso
  .datetime({ offset: true })
  .refine((v) => new Date(v).getTime() <= Date.now() + 5 * 60_000, 'must not be in the future');

const domainInput = z.object({ score: z.number().int().min(0).max(3), note: note.optional() }).strict();

export const createAssessmentSchema = z
  .object({
    domains: z
      .object(
        Object.fromEntries(ASSESSMENT_DOMAINS.map((d) => [d, domainInput])) as Record<
          (typeof ASSESSMENT_DOMAINS)[number],
          typeof domainInput
        >,
      )
      .strict(),
    riskOverride: z
      .object({ level: z.enum(RISK_LEVELS), reason: z.string().trim().min(5).max(500) })
      .strict()
      .optional(),
  })
  .strict();
export type CreateAssessmentInput = z.infer<typeof createAssessmentSchema>;

export const returnAssessmentSchema = z.object({ comment: z.string().trim().min(1).max(1000) }).strict();
export type ReturnAssessmentInput = z.infer<typeof returnAssessmentSchema>;

export const createPlanSchema = z
  .object({
    goals: z.array(z.string().trim().min(1).max(200)).min(1).max(10),
    services: z
      .array(z.object({ type: z.enum(CASE_SERVICE_TYPES), frequency: z.enum(SERVICE_FREQUENCIES) }).strict())
      .min(1)
      .max(CASE_SERVICE_TYPES.length)
      .refine((s) => new Set(s.map((x) => x.type)).size === s.length, 'a service type may appear only once'),
    monitoringFrequency: z.enum(MONITORING_FREQUENCIES),
    startsOn: z.iso.date(),
  })
  .strict();
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

export const recordServiceSchema = z
  .object({
    type: z.enum(CASE_SERVICE_TYPES),
    deliveredAt: pastInstant,
    minutes: z.number().int().min(1).max(600),
    notes: note.optional(),
  })
  .strict();
export type RecordServiceInput = z.infer<typeof recordServiceSchema>;

export const recordMonitoringSchema = z
  .object({
    recordedAt: pastInstant,
    outcome: z.enum(MONITORING_OUTCOMES),
    notes: note.optional(),
  })
  .strict();
export type RecordMonitoringInput = z.infer<typeof recordMonitoringSchema>;

export const overdueQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    worker: z.string().min(1).max(64).optional(),
  })
  .strict();
export type OverdueQuery = z.infer<typeof overdueQuerySchema>;

export const overdueCursorSchema = z.object({ due: z.iso.date(), id: z.uuid() });

export const idSchema = z.uuid();
