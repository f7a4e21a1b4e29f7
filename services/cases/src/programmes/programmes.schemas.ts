import { PROGRAMME_MEASURE_AGGREGATES, PROGRAMME_MEASURE_UNITS } from '@wushe/contracts';
import { isoDate, isoMonth, text } from '@wushe/platform';
import { z } from 'zod';

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const monthSchema = isoMonth();
const regionQuery = z
  .string()
  .regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/)
  .optional();

export const measureSchema = z
  .object({
    key: z.string().min(1).max(40).regex(kebab, 'must be kebab-case'),
    label: text({ max: 100 }),
    unit: z.enum(PROGRAMME_MEASURE_UNITS),
    aggregate: z.enum(PROGRAMME_MEASURE_AGGREGATES),
  })
  .strict();
export type Measure = z.infer<typeof measureSchema>;

export const createProgrammeSchema = z
  .object({
    code: z.string().min(2).max(64).regex(kebab, 'must be kebab-case'),
    name: text({ max: 200 }),
    regionCode: z.string().regex(/^(\d{6}|\d{9})$/, 'a county (6 digits) or township (9 digits) code'),
    startsOn: isoDate(),
    endsOn: isoDate().optional(),
    measures: z
      .array(measureSchema)
      .min(1)
      .max(10)
      .refine((m) => new Set(m.map((x) => x.key)).size === m.length, 'a measure key may appear only once'),
  })
  .strict()
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, {
    message: 'endsOn before startsOn',
    path: ['endsOn'],
  });
export type CreateProgrammeInput = z.infer<typeof createProgrammeSchema>;

export const listProgrammesQuerySchema = z.object({ region: regionQuery }).strict();
export type ListProgrammesQuery = z.infer<typeof listProgrammesQuerySchema>;

export const enrolSchema = z.object({ householdId: z.uuid(), enrolledOn: isoDate() }).strict();
export type EnrolInput = z.infer<typeof enrolSchema>;

export const leaveSchema = z.object({ leftOn: isoDate().optional() }).strict();
export type LeaveInput = z.infer<typeof leaveSchema>;

export const checkInSchema = z
  .object({
    month: monthSchema,
    values: z
      .record(text({ max: 40 }), z.number().int().min(0).max(1_000_000_000_000))
      .refine((v) => Object.keys(v).length >= 1, 'at least one measure'),
  })
  .strict();
export type CheckInInput = z.infer<typeof checkInSchema>;

export const totalsQuerySchema = z
  .object({ region: regionQuery, from: monthSchema.optional(), to: monthSchema.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from after to', path: ['from'] });
export type TotalsQuery = z.infer<typeof totalsQuerySchema>;

export const idSchema = z.uuid();
