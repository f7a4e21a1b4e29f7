import { grantSchema } from '@wushe/platform';
import { z } from 'zod';

export const grantBodySchema = grantSchema;
export type GrantBody = z.infer<typeof grantBodySchema>;

export const accountIdSchema = z.uuid();
export const grantParamsSchema = z.object({ id: z.uuid(), grantId: z.uuid() }).strict();
