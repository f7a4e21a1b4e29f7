import { parseResidentId, residentIdCheckChar } from './resident-id';

// Fixed "today" so FUTURE_BIRTH_DATE cases do not drift with the calendar.
const TODAY = new Date('2024-06-01T12:00:00+08:00');

function errorCode(input: string, today: Date = TODAY): string | undefined {
  const r = parseResidentId(input, today);
  return r.ok ? undefined : r.code;
}

describe('parseResidentId', () => {
  it('parses the DOMAIN.md female example with check X', () => {
    expect(parseResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: {
        normalized: '11010519491231002X',
        kind: 'resident',
        areaCode: '110105',
        birthDate: '1949-12-31',
        sex: 'female',
      },
    });
  });

  it('parses the DOMAIN.md male example born in 1880', () => {
    const r = parseResidentId('440524188001010014', TODAY);
    expect(r.ok && r.value).toMatchObject({ birthDate: '1880-01-01', sex: 'male', kind: 'resident' });
  });

  it('accepts a lowercase x and surrounding whitespace, normalizing to uppercase', () => {
    const r = parseResidentId('  11010519491231002x ', TODAY);
    expect(r.ok && r.value.normalized).toBe('11010519491231002X');
  });

  it('upgrades a 15-digit legacy ID to 18 digits in century 19', () => {
    expect(parseResidentId('130503670401001', TODAY)).toEqual({
      ok: true,
      value: {
        normalized: '130503196704010016',
        kind: 'legacy15-upgraded',
        areaCode: '130503',
        birthDate: '1967-04-01',
        sex: 'male',
      },
    });
  });

  it.each([
    ['810000199408230021', 'female'],
    ['82000020010101003X', 'male'],
    ['830000198005150042', 'female'],
  ])('recognizes HK/Macao/Taiwan residence permit %s', (id, sex) => {
    const r = parseResidentId(id, TODAY);
    expect(r.ok && r.value).toMatchObject({ kind: 'hk-macao-tw-residence-permit', sex });
  });

  it.each(['811234', '810001', '999999', '000000', '430721'])(
    'never rejects an unknown or abolished area code (%s), and only 8x0000 marks a permit',
    (area) => {
      const first17 = `${area}19851010123`;
      const r = parseResidentId(first17 + residentIdCheckChar(first17), TODAY);
      expect(r.ok && r.value).toMatchObject({ kind: 'resident', areaCode: area, sex: 'male' });
    },
  );

  it('reports EMPTY for blank input', () => {
    expect(errorCode('')).toBe('EMPTY');
    expect(errorCode('   ')).toBe('EMPTY');
  });

  it.each([
    '1101051949123100', // 16
    '11010519491231002X1', // 19
    '11010519491231', // 14
    '1101051949123100A', // 17 + letter
    '11010519491231002Y',
    'X10105194912310021',
    '11010519491231 002X',
    '11010519491231002Ｘ', // full-width X
    '13050367040100X', // 15 with a letter
  ])('reports BAD_FORMAT for %p', (bad) => {
    expect(errorCode(bad)).toBe('BAD_FORMAT');
  });

  it.each(['110105194912310021', '110105194912310020', '440524188001010015', '440524188001010010'])(
    'reports BAD_CHECKSUM for %p',
    (bad) => {
      expect(errorCode(bad)).toBe('BAD_CHECKSUM');
    },
  );

  it('accepts 29 February in a leap year (2000) and rejects it in 1900', () => {
    expect(parseResidentId('110105200002290013', TODAY).ok).toBe(true);
    expect(errorCode('110105190002290017')).toBe('BAD_BIRTH_DATE');
  });

  it.each([
    ['110105199902300015', '30 February'],
    ['110105210001010015', 'year 2100'],
    ['110105184912310012', 'year 1849'],
  ])('reports BAD_BIRTH_DATE for %s (%s)', (id) => {
    expect(errorCode(id)).toBe('BAD_BIRTH_DATE');
  });

  it('accepts the 1850 lower bound', () => {
    expect(parseResidentId('110105185001010013', TODAY).ok).toBe(true);
  });

  it.each(['130503671301001', '130503670231001', '130503670400001'])(
    'rejects legacy %p with a bad date',
    (id) => {
      expect(errorCode(id)).toBe('BAD_BIRTH_DATE');
    },
  );

  it('accepts a birth date equal to today and rejects tomorrow as FUTURE_BIRTH_DATE', () => {
    expect(parseResidentId('110105202406010013', TODAY).ok).toBe(true);
    expect(errorCode('110105202406020019')).toBe('FUTURE_BIRTH_DATE');
  });

  it('reads today as a China calendar date, not UTC', () => {
    // 2024-06-01 00:30 in Beijing is still 31 May in UTC.
    expect(parseResidentId('110105202406010013', new Date('2024-05-31T16:30:00Z')).ok).toBe(true);
    expect(errorCode('110105202406010013', new Date('2024-05-31T15:30:00Z'))).toBe('FUTURE_BIRTH_DATE');
  });

  it('throws only for an invalid today Date', () => {
    expect(() => parseResidentId('11010519491231002X', new Date('nope'))).toThrow(RangeError);
  });

  it('returns a short English message with every error', () => {
    const r = parseResidentId('110105194912310021', TODAY);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/check/);
  });
});
