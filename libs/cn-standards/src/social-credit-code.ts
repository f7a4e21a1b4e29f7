import { Result, err, ok } from './result';

/** GB 32100-2015 unified social credit code (统一社会信用代码). */
export interface SocialCreditCode {
  readonly normalized: string;
  /** Registration authority (登记管理部门), e.g. 1 organs, 5 civil affairs, 9 market regulation. */
  readonly registrationAuthority: string;
  /** Organisation type within that authority (机构类别). */
  readonly organizationType: string;
  /** GB/T 2260 county-level code of the registering authority; never checked against a list. */
  readonly divisionCode: string;
  /** GB 11714 organisation code (主体标识码), 9 characters including its own check digit. */
  readonly organizationCode: string;
}

export type SocialCreditCodeErrorCode = 'EMPTY' | 'BAD_FORMAT' | 'BAD_CHECKSUM';

export type SocialCreditCodeResult = Result<SocialCreditCode, SocialCreditCodeErrorCode>;

// I, O, Z, S and V are left out because they are easily misread as 1, 0, 2, 5 and U.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const SHAPE = new RegExp(`^[${CHARSET}]{2}\\d{6}[${CHARSET}]{10}$`);

/**
 * GB 32100 check character for the first 17 characters.
 * @throws RangeError unless given 17 characters from the code's charset.
 */
export function socialCreditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = first17.length === 17 ? CHARSET.indexOf(first17[i]) : -1;
    if (v < 0) throw new RangeError('socialCreditCheckChar needs 17 characters from the GB 32100 charset');
    sum += v * USCC_WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * GB 11714 check character for the first 8 characters of an organisation code. Letters count
 * by alphabet position (A=10 … Z=35), which differs from the GB 32100 charset values.
 * @throws RangeError unless given 8 digits or uppercase letters.
 */
export function organizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError('organizationCodeCheckChar needs 8 digits or uppercase letters');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += parseInt(first8[i], 36) * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Trims and upper-cases, then checks shape, the GB 32100 check and the embedded GB 11714 check. */
export function parseSocialCreditCode(input: string): SocialCreditCodeResult {
  const s = input.trim().toUpperCase();
  if (s === '') return err('EMPTY', 'Social credit code is empty');
  if (!SHAPE.test(s)) {
    return err(
      'BAD_FORMAT',
      'Social credit code must be 18 characters: 2 codes, 6 digits, 10 from 0-9A-Y without I O Z S V',
    );
  }
  if (socialCreditCheckChar(s.slice(0, 17)) !== s[17]) {
    return err('BAD_CHECKSUM', 'Social credit code check character does not match');
  }
  const organizationCode = s.slice(8, 17);
  if (organizationCodeCheckChar(organizationCode.slice(0, 8)) !== organizationCode[8]) {
    return err('BAD_CHECKSUM', 'Embedded organisation code check digit does not match');
  }
  return ok({
    normalized: s,
    registrationAuthority: s[0],
    organizationType: s[1],
    divisionCode: s.slice(2, 8),
    organizationCode,
  });
}

export function isValidSocialCreditCode(input: string): boolean {
  return parseSocialCreditCode(input).ok;
}
