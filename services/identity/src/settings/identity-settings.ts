import { PlatformConfig } from '@wushe/config';
import { fieldCipherEnvShape, refuseDevKeysInProduction } from '@wushe/platform';
import { z } from 'zod';

/** Identity's own environment variables, validated at boot with the platform ones. */
export const identityEnvSchema = z
  .object({
    ...fieldCipherEnvShape,
    BOOTSTRAP_ADMIN_PHONE: z
      .string()
      .regex(/^1[3-9]\d{9}$/)
      .optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
    BOOTSTRAP_ADMIN_REGION: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(20).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /** Throttle per client IP across accounts (credential stuffing), per minute. */
    LOGIN_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(5).max(10_000).default(60),
  })
  .superRefine(refuseDevKeysInProduction);

export type IdentitySettings = z.infer<typeof identityEnvSchema>;
export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');

/** The identity settings inside a loaded config (already validated by launch()). */
export function identitySettings(config: PlatformConfig & { extra?: unknown }): IdentitySettings {
  return identityEnvSchema.parse(config.extra ?? {});
}
