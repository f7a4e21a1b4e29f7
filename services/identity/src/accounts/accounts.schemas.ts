import { opaqueText, text } from '@wushe/platform';
import { z } from 'zod';

// Request bodies of the accounts and tokens endpoints. Lengths are bounded so a request cannot make
// the server hash megabytes; the phone is parsed (parseMobile) by the use case, not here, so a
// malformed phone at login fails like a wrong one instead of telling what is wrong with it.
// Secrets are checked as sent (opaqueText: no trimming, no normalising, no control characters).
const secret = opaqueText({ max: 256 });

export const loginSchema = z.object({ phone: opaqueText({ max: 32 }), password: secret }).strict();
export type LoginInput = z.infer<typeof loginSchema>;

export const refreshSchema = z.object({ refreshToken: opaqueText({ min: 16, max: 200 }) }).strict();
export type RefreshInput = z.infer<typeof refreshSchema>;

/** OAuth 2.0 token request (RFC 6749 §4.4). Unknown parameters (e.g. `scope`) are ignored, as OAuth says. */
export const tokenRequestSchema = z.object({
  grant_type: opaqueText({ max: 64 }),
  client_id: opaqueText({ max: 64 }),
  client_secret: secret,
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const createServiceAccountSchema = z.object({ name: text({ max: 100 }) }).strict();
export type CreateServiceAccountInput = z.infer<typeof createServiceAccountSchema>;
