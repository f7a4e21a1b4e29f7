import { isoMonth, pageQuerySchema } from '@wushe/platform';
import { z } from 'zod';

/** The categories a monthly roster (花名册) is published for. */
export const ROSTER_CATEGORIES = ['dibao', 'tekun'] as const;
export type RosterCategory = (typeof ROSTER_CATEGORIES)[number];

export const ROSTER_STATUSES = [
  'queued',
  'parsing',
  'checking',
  'applying',
  'completed',
  'rejected',
  // Every attempt of the job failed (a crash, not a bad row); POST …/retry queues it again.
  'failed',
  // Failed and not retried in time: the file is deleted (see expire-roster-files.job.ts).
  'expired',
] as const;
export type RosterImportStatus = (typeof ROSTER_STATUSES)[number];

/** Content types the upload takes; the body is the file itself. */
export const ROSTER_CONTENT_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;
export type RosterFileFormat = (typeof ROSTER_CONTENT_TYPES)[keyof typeof ROSTER_CONTENT_TYPES];

export const uploadRosterQuerySchema = z
  .object({
    month: isoMonth(),
    category: z.enum(ROSTER_CATEGORIES),
    /** Needed only when the uploader writes in more than one region. */
    region: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'a division code of 2, 4, 6, 9 or 12 digits')
      .optional(),
  })
  .strict();
export type UploadRosterQuery = z.infer<typeof uploadRosterQuerySchema>;

export const listRosterImportsQuerySchema = pageQuerySchema
  .extend({
    month: isoMonth().optional(),
    status: z.enum(ROSTER_STATUSES).optional(),
  })
  .strict();
export type ListRosterImportsQuery = z.infer<typeof listRosterImportsQuerySchema>;

export const rosterImportCursorSchema = z.object({ id: z.uuid() });
export const rosterImportIdSchema = z.uuid();
