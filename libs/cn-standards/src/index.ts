// Public entry point of @wushe/cn-standards: validators for Chinese national identifiers.
export type { Err, Ok, Result } from './result';
export { ageOn, chinaCalendarDate, chinaDayStart } from './dates';
export {
  isValidResidentId,
  maskResidentId,
  parseResidentId,
  residentIdCheckChar,
  type ResidentId,
  type ResidentIdErrorCode,
  type ResidentIdKind,
  type ResidentIdResult,
} from './resident-id';
export {
  isValidSocialCreditCode,
  organizationCodeCheckChar,
  parseSocialCreditCode,
  socialCreditCheckChar,
  type SocialCreditCode,
  type SocialCreditCodeErrorCode,
  type SocialCreditCodeResult,
} from './social-credit-code';
export { isValidMobile, maskMobile, parseMobile, type MobileErrorCode, type MobileResult } from './mobile';
export {
  ancestorsOf,
  isWithinScope,
  normalizeDivisionCode,
  parseDivisionCode,
  type DivisionCode,
  type DivisionCodeErrorCode,
  type DivisionCodeResult,
  type DivisionLevel,
} from './division-code';
