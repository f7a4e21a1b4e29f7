import { isoDate, text } from '@wushe/platform';
import { z } from 'zod';

export const matchPoliciesSchema = z
  .object({
    /** Household income per head, fen per month. */
    householdIncomePerHeadFen: z.number().int().min(0).max(100_000_000).optional(),
    /** The local 低保 line, fen per month. */
    localLineFen: z.number().int().min(1).max(100_000_000).optional(),
    /** 1 (most severe) … 4, when the person holds a disability certificate. */
    disabilityGrade: z.number().int().min(1).max(4).optional(),
    /** Evaluate only these policies (default: every active one). */
    policyCodes: z
      .array(text({ max: 32 }))
      .min(1)
      .max(50)
      .optional(),
  })
  .strict();
export type MatchPoliciesInput = z.infer<typeof matchPoliciesSchema>;

export const submitReferralSchema = z
  .object({
    submittedOn: isoDate(),
    /** Defaults to the policy's department. */
    department: text({ max: 16 }).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type SubmitReferralInput = z.infer<typeof submitReferralSchema>;

export const decideReferralSchema = z
  .object({
    outcome: z.enum(['accepted', 'rejected']),
    decidedOn: isoDate(),
    note: text({ max: 200 }).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type DecideReferralInput = z.infer<typeof decideReferralSchema>;

export const idSchema = z.uuid();
