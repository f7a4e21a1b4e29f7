import {
  MAX_BIRTH_YEAR,
  MIN_BIRTH_YEAR,
  chinaCalendarDate,
  formatIsoDate,
  isValidCalendarDate,
} from './dates';
import { Result, err, ok } from './result';

/** GB 11643-1999 citizen identity number. */
export type ResidentIdKind = 'resident' | 'hk-macao-tw-residence-permit' | 'legacy15-upgraded';

export interface ResidentId {
  /** Always 18 characters; a check character X is uppercase. */
  readonly normalized: string;
  readonly kind: ResidentIdKind;
  /** The 6-digit area of first issue. Never validated: areas are merged and renamed yearly. */
  readonly areaCode: string;
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
}

export type ResidentIdErrorCode =
  'EMPTY' | 'BAD_FORMAT' | 'BAD_CHECKSUM' | 'BAD_BIRTH_DATE' | 'FUTURE_BIRTH_DATE';

export type ResidentIdResult = Result<ResidentId, ResidentIdErrorCode>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP = '10X98765432';
const PERMIT_AREAS = ['810000', '820000', '830000'];

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits.
 * @throws RangeError unless given exactly 17 digits.
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('residentIdCheckChar needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * WEIGHTS[i];
  }
  return CHECK_MAP[sum % 11];
}

/**
 * Parses an 18-digit ID (trailing x accepted) or a 15-digit legacy ID, which is upgraded
 * to 18 digits with century 19. `today` decides FUTURE_BIRTH_DATE, read as a China date.
 * @throws RangeError only when `today` is an invalid Date (a caller bug, not bad input).
 */
export function parseResidentId(input: string, today: Date = new Date()): ResidentIdResult {
  if (Number.isNaN(today.getTime())) {
    throw new RangeError('today must be a valid Date');
  }
  const s = input.trim().toUpperCase();
  if (s === '') return err('EMPTY', 'ID number is empty');

  let normalized: string;
  let legacy = false;
  if (/^\d{17}[\dX]$/.test(s)) {
    if (residentIdCheckChar(s.slice(0, 17)) !== s[17]) {
      return err('BAD_CHECKSUM', 'ID number check character does not match');
    }
    normalized = s;
  } else if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    normalized = first17 + residentIdCheckChar(first17);
    legacy = true;
  } else {
    return err('BAD_FORMAT', 'ID number must be 18 characters (or 15 digits for legacy IDs)');
  }

  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR || !isValidCalendarDate(year, month, day)) {
    return err('BAD_BIRTH_DATE', 'ID number contains an impossible birth date');
  }
  const birthDate = formatIsoDate(year, month, day);
  if (birthDate > chinaCalendarDate(today)) {
    return err('FUTURE_BIRTH_DATE', 'ID number birth date is in the future');
  }

  const areaCode = normalized.slice(0, 6);
  const kind: ResidentIdKind = legacy
    ? 'legacy15-upgraded'
    : PERMIT_AREAS.includes(areaCode)
      ? 'hk-macao-tw-residence-permit'
      : 'resident';
  const sex = Number(normalized[16]) % 2 === 1 ? 'male' : 'female';
  return ok({ normalized, kind, areaCode, birthDate, sex });
}

export function isValidResidentId(input: string, today?: Date): boolean {
  return parseResidentId(input, today).ok;
}

/**
 * Shows the first 6 and last 4 characters (`440524********0014`). Input too short to hide
 * anything is masked completely rather than leaked.
 */
export function maskResidentId(id: string): string {
  const s = id.trim().toUpperCase();
  if (s.length <= 10) return '*'.repeat(s.length);
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
}
