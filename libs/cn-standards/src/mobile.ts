import { Result, err, ok } from './result';

export type MobileErrorCode = 'EMPTY' | 'BAD_FORMAT';

/** On success the value is the bare 11-digit number. */
export type MobileResult = Result<string, MobileErrorCode>;

const MOBILE = /^1[3-9]\d{9}$/;

/** Strips whitespace and dashes and one leading +86 / 0086, as people paste numbers in many shapes. */
export function parseMobile(input: string): MobileResult {
  const compact = input.replace(/[\s-]/g, '');
  if (compact === '') return err('EMPTY', 'Mobile number is empty');
  const national = compact.replace(/^(?:\+86|0086)/, '');
  if (!MOBILE.test(national)) {
    return err('BAD_FORMAT', 'Mobile number must be 11 digits starting 13-19');
  }
  return ok(national);
}

export function isValidMobile(input: string): boolean {
  return parseMobile(input).ok;
}

/**
 * `138****5678`. Input that does not parse keeps only its last 4 characters visible (or
 * none when shorter than 8), so a malformed number never leaks whole.
 */
export function maskMobile(input: string): string {
  const parsed = parseMobile(input);
  if (parsed.ok) return `${parsed.value.slice(0, 3)}****${parsed.value.slice(7)}`;
  const s = input.trim();
  if (s.length < 8) return '*'.repeat(s.length);
  return '*'.repeat(s.length - 4) + s.slice(-4);
}
