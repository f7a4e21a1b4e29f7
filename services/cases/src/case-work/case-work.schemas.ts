import {
  ASSESSMENT_DOMAINS,
  CASE_SERVICE_TYPES,
  MONITORING_FREQUENCIES,
  MONITORING_OUTCOMES,
  RISK_LEVELS,
} from '@wushe/contracts';
import { isoDate, isoDateTime, multilineText, opaqueText, pageQuerySchema, text } from '@wushe/platform';
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

const note = multilineText({ max: 2000 });
/** An instant no later than a few minutes from now (clock skew). */
const pastInstant = isoDateTime().refine(
  (v) => new Date(v).getTime() <= Date.now() + 5 * 60_000,
  'must not be in the future',
);

const domainInput = z.object({ score: z.number().int().min(0).max(3), note: note.optional() }).strict();

const riskOverride = z.object({ level: z.enum(RISK_LEVELS), reason: text({ min: 5, max: 500 }) }).strict();

/**
 * Facts policy matching needs that the ledger does not hold, as found at the assessment. Kept
 * encrypted (economic and health data); on approval they feed 政策找人.
 */
export const policyFactsSchema = z
  .object({
    /** Household income per head, fen per month. */
    householdIncomePerHeadFen: z.number().int().min(0).max(100_000_000).optional(),
    /** The local 低保 line in force, fen per month. */
    localLineFen: z.number().int().min(1).max(100_000_000).optional(),
    /** 1 (most severe) … 4, when the person holds a disability certificate. */
    disabilityGrade: z.number().int().min(1).max(4).optional(),
  })
  .strict()
  .refine((f) => Object.keys(f).length > 0, 'name at least one fact');
export type PolicyFacts = z.infer<typeof policyFactsSchema>;

type DomainCode = (typeof ASSESSMENT_DOMAINS)[number];
const byDomain = <S extends z.ZodType>(schema: S) =>
  Object.fromEntries(ASSESSMENT_DOMAINS.map((d) => [d, schema])) as Record<DomainCode, S>;

export const createAssessmentSchema = z
  .object({
    domains: z.object(byDomain(domainInput)).strict(),
    riskOverride: riskOverride.optional(),
    policyFacts: policyFactsSchema.optional(),
  })
  .strict();
export type CreateAssessmentInput = z.infer<typeof createAssessmentSchema>;

/** A domain's new score and/or note; a null note removes it, an absent one keeps it. */
const domainEdit = z
  .object({ score: z.number().int().min(0).max(3).optional(), note: note.nullable().optional() })
  .strict()
  .refine((d) => d.score !== undefined || d.note !== undefined, 'change the score or the note');

/** Edits a draft or returned assessment; `version` is the one the writer last read. */
export const editAssessmentSchema = z
  .object({
    version: z.number().int().min(1),
    domains: z
      .object(byDomain(domainEdit.optional()))
      .strict()
      .refine((d) => Object.values(d).some((v) => v !== undefined), 'change at least one domain')
      .optional(),
    /** null removes the override: the computed level applies again. */
    riskOverride: riskOverride.nullable().optional(),
    /** null removes the facts. */
    policyFacts: policyFactsSchema.nullable().optional(),
  })
  .strict()
  .refine(
    (e) => e.domains !== undefined || e.riskOverride !== undefined || e.policyFacts !== undefined,
    'change the domains, the risk override or the policy facts',
  );
export type EditAssessmentInput = z.infer<typeof editAssessmentSchema>;

export const returnAssessmentSchema = z.object({ comment: multilineText({ max: 1000 }) }).strict();
export type ReturnAssessmentInput = z.infer<typeof returnAssessmentSchema>;

const goals = z
  .array(text({ max: 200 }))
  .min(1)
  .max(10);
const plannedServices = z
  .array(z.object({ type: z.enum(CASE_SERVICE_TYPES), frequency: z.enum(SERVICE_FREQUENCIES) }).strict())
  .min(1)
  .max(CASE_SERVICE_TYPES.length)
  .refine((s) => new Set(s.map((x) => x.type)).size === s.length, 'a service type may appear only once');

export const createPlanSchema = z
  .object({
    goals,
    services: plannedServices,
    monitoringFrequency: z.enum(MONITORING_FREQUENCIES),
    startsOn: isoDate(),
  })
  .strict();
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

/** Changes an open plan: each given field replaces the plan's; `version` as last read. */
export const changePlanSchema = z
  .object({
    version: z.number().int().min(1),
    goals: goals.optional(),
    services: plannedServices.optional(),
    monitoringFrequency: z.enum(MONITORING_FREQUENCIES).optional(),
  })
  .strict()
  .refine(
    (c) => c.goals !== undefined || c.services !== undefined || c.monitoringFrequency !== undefined,
    'change the goals, the services or the monitoring frequency',
  );
export type ChangePlanInput = z.infer<typeof changePlanSchema>;

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
    worker: opaqueText({ max: 64 }).optional(),
  })
  .strict();
export type OverdueQuery = z.infer<typeof overdueQuerySchema>;

export const overdueCursorSchema = z.object({ due: isoDate(), id: z.uuid() });

export const listQuerySchema = pageQuerySchema.strict();
export type ListQuery = z.infer<typeof listQuerySchema>;
/** Newest first on (instant, id): plans by creation, records by when they happened. */
export const recordCursorSchema = z.object({ t: isoDateTime(), id: z.uuid() });

export const idSchema = z.uuid();
