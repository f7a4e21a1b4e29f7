import { parseDivisionCode } from '@wushe/cn-standards';
import { HOUSEHOLD_RELATIONS } from '@wushe/contracts';
import { pageQuerySchema } from '@wushe/platform';
import { z } from 'zod';

const villageCode = z.string().refine((code) => {
  const parsed = parseDivisionCode(code);
  return parsed.ok && parsed.value.level === 'village' && parsed.value.code === code;
}, 'must be a 12-digit village (村/居) division code');

/** A household in a village; the head (户主), when named, must be a recipient of that village. */
export const createHouseholdSchema = z.object({ villageCode, headRecipientId: z.uuid().optional() }).strict();
export type CreateHouseholdInput = z.infer<typeof createHouseholdSchema>;

export const addMemberSchema = z
  .object({ recipientId: z.uuid(), relation: z.enum(HOUSEHOLD_RELATIONS) })
  .strict();
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const listHouseholdsQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
  })
  .strict();
export type ListHouseholdsQuery = z.infer<typeof listHouseholdsQuerySchema>;

export const householdCursorSchema = z.object({ id: z.uuid() });

export const idSchema = z.uuid();
