import { TRAINING_KINDS, TRAINING_MODES } from '@wushe/contracts';
import { isoDate, isoDateTime, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';

// Request shapes of the trainings endpoints; objects are strict (unknown fields are a 400). Times
// are ISO 8601 instants with an offset; list filters are China calendar dates.

/** A session longer than this is a typing error, not a training. */
export const MAX_SESSION_MINUTES = 14 * 24 * 60;
/** Tolerated clock difference between a device and the server when checking "not in the past". */
export const CLOCK_SKEW_MS = 60_000;

const instant = isoDateTime();
const title = text({ max: 200 });
const place = text({ max: 300 });
const trainer = text({ max: 100 });
const kind = z.enum(TRAINING_KINDS);
const mode = z.enum(TRAINING_MODES);
export const regionCode = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'A division code');
export const idParamSchema = z.uuid();

export interface SessionTimes {
  mode: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
}

/** What must hold of a session's times and place; each problem with the field it concerns. */
export function sessionProblems(s: SessionTimes, now: Date | null): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const minutes = (s.endsAt.getTime() - s.startsAt.getTime()) / 60_000;
  if (minutes <= 0) problems.push({ path: 'endsAt', message: 'Must be after startsAt' });
  else if (minutes > MAX_SESSION_MINUTES) problems.push({ path: 'endsAt', message: 'Longer than 14 days' });
  if (now && s.startsAt.getTime() < now.getTime() - CLOCK_SKEW_MS) {
    problems.push({ path: 'startsAt', message: 'Must not be in the past' });
  }
  if (s.mode === 'on-site' && !s.place)
    problems.push({ path: 'place', message: 'Required for on-site sessions' });
  return problems;
}

export const scheduleTrainingSchema = z
  .object({
    kind,
    mode,
    title,
    regionCode,
    startsAt: instant,
    endsAt: instant,
    place: place.optional(),
    trainer: trainer.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const session = {
      ...b,
      startsAt: new Date(b.startsAt),
      endsAt: new Date(b.endsAt),
      place: b.place ?? null,
    };
    for (const p of sessionProblems(session, new Date())) {
      ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
    }
  });
export type ScheduleTrainingInput = z.infer<typeof scheduleTrainingSchema>;

export const updateTrainingSchema = z
  .object({
    version: z.number().int().min(1),
    kind: kind.optional(),
    mode: mode.optional(),
    title: title.optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    place: place.nullable().optional(),
    trainer: trainer.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), { message: 'Nothing to change' });
export type UpdateTrainingInput = z.infer<typeof updateTrainingSchema>;

export const cancelTrainingSchema = z.object({ reason: text({ max: 500 }) }).strict();

const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;

export const enrolSchema = z
  .object({
    staffIds: z.array(z.uuid()).min(1).max(500).refine(uniqueIds, { message: 'Each staff member once' }),
  })
  .strict();

export const attendanceSchema = z
  .object({
    records: z
      .array(
        z
          .object({
            staffId: z.uuid(),
            attended: z.boolean(),
            minutes: z.number().int().min(0).max(MAX_SESSION_MINUTES),
          })
          .strict()
          .refine((r) => r.attended || r.minutes === 0, {
            path: ['minutes'],
            message: 'Must be 0 for someone who did not attend',
          }),
      )
      .max(1000)
      .refine((rs) => uniqueIds(rs.map((r) => r.staffId)), { message: 'Each staff member once' }),
  })
  .strict();
export type AttendanceInput = z.infer<typeof attendanceSchema>;

export const TRAINING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;

export const listTrainingsQuerySchema = pageQuerySchema
  .extend({
    region: regionCode.optional(),
    from: isoDate().optional(),
    to: isoDate().optional(),
    status: z.enum(TRAINING_STATUSES).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'Must not be before from' });
export type ListTrainingsQuery = z.infer<typeof listTrainingsQuerySchema>;

export const hoursQuerySchema = z
  .object({ year: z.coerce.number().int().min(2000).max(2100).optional() })
  .strict();
