import { z } from 'zod';
import { FieldCipher } from './field-cipher';

// Development-only key material, so `npm start` works on a fresh machine. Production refuses it.
const DEV_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32, 7).toString('base64')}`;
const DEV_HMAC_KEY = Buffer.alloc(32, 9).toString('base64');

/** The variables of services that hold personal data (validated with the platform's at boot). */
export const fieldCipherEnvShape = {
  NODE_ENV: z.string().optional(),
  ENCRYPTION_KEYS: z.string().default(DEV_ENCRYPTION_KEYS),
  HMAC_KEY: z.string().default(DEV_HMAC_KEY),
};

/** Adds "no development keys in production" to a service's environment schema. */
export function refuseDevKeysInProduction(
  env: { NODE_ENV?: string; ENCRYPTION_KEYS: string; HMAC_KEY: string },
  ctx: z.RefinementCtx,
): void {
  if (
    env.NODE_ENV === 'production' &&
    (env.ENCRYPTION_KEYS === DEV_ENCRYPTION_KEYS || env.HMAC_KEY === DEV_HMAC_KEY)
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'set ENCRYPTION_KEYS and HMAC_KEY in production',
      path: ['ENCRYPTION_KEYS'],
    });
  }
}

export function fieldCipherFrom(env: { ENCRYPTION_KEYS: string; HMAC_KEY: string }): FieldCipher {
  return new FieldCipher({ encryptionKeys: env.ENCRYPTION_KEYS, hmacKey: env.HMAC_KEY });
}
