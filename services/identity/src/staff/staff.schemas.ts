import { POST_TYPES, SOCIAL_WORKER_LEVELS } from '@wushe/contracts';
import { isoDate as plausibleDate, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';
import { chinaToday } from './shared/calendar';

// Request shapes of the staff, certificate, post and talent endpoints. Objects are strict: an
// unknown field is a 400, not silently dropped. Dates are China calendar dates (YYYY-MM-DD).

export const isoDate = plausibleDate();
const notInFuture = isoDate.refine((d) => d <= chinaToday(), { message: 'Must not be in the future' });
/** Where a social worker or a post is: a station's township (9 digits) or a point's village (12). */
export const workplaceCode = z
  .string()
  .regex(/^(\d{9}|\d{12})$/, '9-digit township or 12-digit village code');
/** Any division code, as a filter prefix. */
export const regionPrefix = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'A division code');
export const postType = z.enum(POST_TYPES);
export const idParamSchema = z.uuid();

const displayName = text({ max: 100 });
const employer = text({ max: 200 });

export const registerStaffSchema = z
  .object({
    displayName,
    accountId: z.uuid().optional(),
    regionCode: workplaceCode,
    stationId: z.uuid().optional(),
    pointId: z.uuid().optional(),
    employer: employer.optional(),
    postType,
    joinedOn: isoDate,
  })
  .strict();
export type RegisterStaffInput = z.infer<typeof registerStaffSchema>;

export const updateStaffSchema = z
  .object({
    version: z.number().int().min(1),
    displayName: displayName.optional(),
    accountId: z.uuid().nullable().optional(),
    regionCode: workplaceCode.optional(),
    stationId: z.uuid().nullable().optional(),
    pointId: z.uuid().nullable().optional(),
    employer: employer.nullable().optional(),
    postType: postType.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), { message: 'Nothing to change' });
export type UpdateStaffInput = z.infer<typeof updateStaffSchema>;

export const leaveSchema = z.object({ leftOn: notInFuture }).strict();

export const certificateSchema = z
  .object({
    level: z.enum(SOCIAL_WORKER_LEVELS),
    number: text({ max: 64 }).regex(/^[\p{L}\p{N}\-/_.()（）]+$/u, 'Letters, digits and - / _ . ( )'),
    issuedOn: notInFuture,
  })
  .strict();
export type CertificateInput = z.infer<typeof certificateSchema>;

export const STAFF_STATUSES = ['active', 'left'] as const;

export const listStaffQuerySchema = pageQuerySchema
  .extend({
    region: regionPrefix.optional(),
    postType: postType.optional(),
    status: z.enum(STAFF_STATUSES).optional(),
  })
  .strict();
export type ListStaffQuery = z.infer<typeof listStaffQuerySchema>;

export const openPostSchema = z
  .object({
    regionCode: workplaceCode,
    stationId: z.uuid().optional(),
    pointId: z.uuid().optional(),
    postType,
    openedOn: isoDate,
  })
  .strict();
export type OpenPostInput = z.infer<typeof openPostSchema>;

export const fillPostSchema = z.object({ staffId: z.uuid() }).strict();
/** Action endpoints without a body accept none, `{}`, or (close) an optional date. */
const noBody = (v: unknown) => v ?? {};
export const emptyBodySchema = z.preprocess(noBody, z.object({}).strict());
export const closePostSchema = z.preprocess(noBody, z.object({ closedOn: notInFuture.optional() }).strict());

export const listPostsQuerySchema = pageQuerySchema
  .extend({
    region: regionPrefix.optional(),
    postType: postType.optional(),
    status: z.enum(['open', 'closed']).optional(),
    filled: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ListPostsQuery = z.infer<typeof listPostsQuerySchema>;

export const talentParamSchema = regionPrefix;
