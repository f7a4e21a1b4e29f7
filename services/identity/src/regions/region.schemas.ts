import { isoDate, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';
import { REGION_CODE_PATTERN, REGION_LEVELS } from './region-code';

export const regionCodeSchema = z
  .string()
  .regex(REGION_CODE_PATTERN, 'must be a division code of 2, 4, 6, 9 or 12 digits');

const includeEnded = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true')
  .describe('Include units that have ended (their validTo is set).');

export const getRegionQuerySchema = z
  .object({
    on: isoDate()
      .optional()
      .describe('Answer as of this date (YYYY-MM-DD, Asia/Shanghai), from the region’s history.'),
  })
  .strict();
export type GetRegionQuery = z.infer<typeof getRegionQuerySchema>;

export const listChildrenQuerySchema = pageQuerySchema.extend({ includeEnded }).strict();
export type ListChildrenQuery = z.infer<typeof listChildrenQuerySchema>;

// A single Chinese character is a meaningful name fragment (镇, 村); one Latin letter is not.
const HAN = /\p{Script=Han}/u;
const LETTER = /\p{L}/gu;

export const searchRegionsQuerySchema = pageQuerySchema
  .extend({
    q: text({ max: 50 })
      .refine(
        (q) => /^\d{1,12}$/.test(q) || HAN.test(q) || (q.match(LETTER)?.length ?? 0) >= 2,
        'give a code prefix (digits), or a name fragment with a Chinese character or at least 2 letters',
      )
      .optional()
      .describe('A code prefix (digits), or a name fragment: one Chinese character or two letters at least.'),
    level: z.enum(REGION_LEVELS).optional(),
    includeEnded,
  })
  .strict();
export type SearchRegionsQuery = z.infer<typeof searchRegionsQuerySchema>;

export const regionCursorSchema = z.object({ c: regionCodeSchema });
