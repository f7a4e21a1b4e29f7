import { grantSchema, opaqueText, pageQuerySchema, text } from '@wushe/platform';
import { z } from 'zod';

export const createAccountSchema = z
  .object({
    phone: opaqueText({ max: 32 }),
    password: opaqueText({ max: 200 }),
    displayName: text({ max: 100 }),
    grants: z.array(grantSchema).min(1).max(10),
  })
  .strict();
export type CreateAccountInput = z.infer<typeof createAccountSchema>;

export const listAccountsQuerySchema = pageQuerySchema
  .extend({
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    role: opaqueText({ min: 0, max: 32 }).optional(),
  })
  .strict();
export type ListAccountsQuery = z.infer<typeof listAccountsQuerySchema>;
