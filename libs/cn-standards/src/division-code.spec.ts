import { ancestorsOf, isWithinScope, normalizeDivisionCode, parseDivisionCode } from './division-code';

describe('parseDivisionCode', () => {
  it.each([
    ['43', 'province'],
    ['4307', 'city'],
    ['430703', 'county'],
    ['430703100', 'township'],
    ['430703100201', 'village'],
  ])('gives %s the level %s', (code, level) => {
    const r = parseDivisionCode(code);
    expect(r.ok && r.value).toMatchObject({ code, level });
  });

  it('lists the enclosing codes of a village', () => {
    expect(parseDivisionCode('430703100201')).toEqual({
      ok: true,
      value: {
        code: '430703100201',
        level: 'village',
        province: '43',
        city: '4307',
        county: '430703',
        township: '430703100',
      },
    });
  });

  it('leaves out levels below the code', () => {
    expect(parseDivisionCode('4307')).toEqual({
      ok: true,
      value: { code: '4307', level: 'city', province: '43' },
    });
  });

  it.each([
    ['430703000000', '430703', 'county'],
    ['430703100000', '430703100', 'township'],
    ['430700000000', '4307', 'city'],
    ['430000000000', '43', 'province'],
    ['430700', '4307', 'city'],
    ['430000', '43', 'province'],
    ['430703000', '430703', 'county'],
    [' 430703 ', '430703', 'county'],
  ])('normalizes zero-padded %p to %s', (input, code, level) => {
    const r = parseDivisionCode(input);
    expect(r.ok && r.value).toMatchObject({ code, level });
  });

  it('keeps inner zero groups, stripping only trailing padding', () => {
    const r = parseDivisionCode('110101001000');
    expect(r.ok && r.value).toMatchObject({ code: '110101001', level: 'township' });
  });

  it('reports EMPTY for blank input', () => {
    const r = parseDivisionCode(' ');
    expect(!r.ok && r.code).toBe('EMPTY');
  });

  it.each([
    '4',
    '430',
    '43070',
    '4307031',
    '43070310',
    '4307031002',
    '43070310020',
    '4307031002011',
    '43O703',
    '43-07',
    '+43',
    '４３',
  ])('reports BAD_FORMAT for %p', (bad) => {
    const r = parseDivisionCode(bad);
    expect(!r.ok && r.code).toBe('BAD_FORMAT');
  });

  it.each(['00', '0012', '000000', '000000000000'])('reports BAD_PROVINCE for %p', (bad) => {
    const r = parseDivisionCode(bad);
    expect(!r.ok && r.code).toBe('BAD_PROVINCE');
  });
});

describe('normalizeDivisionCode', () => {
  it('returns the shortest form or undefined', () => {
    expect(normalizeDivisionCode('430703000000')).toBe('430703');
    expect(normalizeDivisionCode('430703100000')).toBe('430703100');
    expect(normalizeDivisionCode('430703100201')).toBe('430703100201');
    expect(normalizeDivisionCode('43070')).toBeUndefined();
  });
});

describe('isWithinScope', () => {
  it('matches the scope itself and everything under it', () => {
    expect(isWithinScope('430703100201', '430703')).toBe(true);
    expect(isWithinScope('430703', '430703')).toBe(true);
    expect(isWithinScope('430703100', '43')).toBe(true);
  });

  it('compares padded and short forms alike', () => {
    expect(isWithinScope('430703100000', '430703000000')).toBe(true);
    expect(isWithinScope('430703', '430700')).toBe(true);
  });

  it('rejects siblings, parents and other provinces', () => {
    expect(isWithinScope('430702', '430703')).toBe(false);
    expect(isWithinScope('4307', '430703')).toBe(false);
    expect(isWithinScope('430703000000', '430703100')).toBe(false);
    expect(isWithinScope('440703', '43')).toBe(false);
  });

  it('fails closed on invalid input', () => {
    expect(isWithinScope('430703', '')).toBe(false);
    expect(isWithinScope('430703', '4')).toBe(false);
    expect(isWithinScope('430703', '00')).toBe(false);
    expect(isWithinScope('43070', '43')).toBe(false);
  });
});

describe('ancestorsOf', () => {
  it('lists shorter levels top-down', () => {
    expect(ancestorsOf('430703100201')).toEqual(['43', '4307', '430703', '430703100']);
    expect(ancestorsOf('430703100')).toEqual(['43', '4307', '430703']);
    expect(ancestorsOf('4307')).toEqual(['43']);
    expect(ancestorsOf('43')).toEqual([]);
  });

  it('uses the normalized code', () => {
    expect(ancestorsOf('430703000000')).toEqual(['43', '4307']);
  });

  it('throws on an invalid code', () => {
    expect(() => ancestorsOf('43070')).toThrow(RangeError);
  });
});
