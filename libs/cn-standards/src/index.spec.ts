import * as api from './index';

describe('public entry point', () => {
  it('exports the documented functions', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ageOn',
        'ancestorsOf',
        'chinaCalendarDate',
        'chinaDayStart',
        'isValidMobile',
        'isValidResidentId',
        'isValidSocialCreditCode',
        'isWithinScope',
        'maskMobile',
        'maskResidentId',
        'normalizeDivisionCode',
        'organizationCodeCheckChar',
        'parseDivisionCode',
        'parseMobile',
        'parseResidentId',
        'parseSocialCreditCode',
        'residentIdCheckChar',
        'socialCreditCheckChar',
      ].sort(),
    );
  });
});
