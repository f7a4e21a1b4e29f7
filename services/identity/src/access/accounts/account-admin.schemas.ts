import { grantSchema, pageQuerySchema } from '@wushe/platform';
import { z } from 'zod';

export const createAccountSchema = z
  .object({
    phone: z.string().min(1).max(32),
    password: z.string().min(1).max(200),
    displayName: z.string().trim().min(1).max(100),
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
    role: z.string().max(32).optional(),
  })
  .strict();
export type ListAccountsQuery = z.infer<typeof listAccountsQuerySchema>;
