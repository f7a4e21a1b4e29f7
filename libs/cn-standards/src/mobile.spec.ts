import { isValidMobile, maskMobile, parseMobile } from './mobile';

describe('parseMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    [' 19912345678 ', '19912345678'],
  ])('normalizes %p to %p', (input, expected) => {
    expect(parseMobile(input)).toEqual({ ok: true, value: expected });
  });

  it('reports EMPTY for blank input', () => {
    const r = parseMobile(' - ');
    expect(!r.ok && r.code).toBe('EMPTY');
  });

  it.each([
    '12812345678', // second digit 2
    '10812345678',
    '23812345678',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '8613812345678', // 86 without + or 00 is ambiguous
    '+8613812345678 ext',
    '1381234567a',
    '(138)12345678',
    '+86+8613812345678',
    '+85261234567', // Hong Kong number
  ])('reports BAD_FORMAT for %p', (input) => {
    const r = parseMobile(input);
    expect(!r.ok && r.code).toBe('BAD_FORMAT');
  });

  it('isValidMobile mirrors the parser', () => {
    expect(isValidMobile('+86 13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
  });
});

describe('maskMobile', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+86 138-1234-5678')).toBe('138****5678');
  });

  it('never returns malformed input whole', () => {
    expect(maskMobile('12812345678')).toBe('*******5678');
    expect(maskMobile('1234567')).toBe('*******');
    expect(maskMobile('')).toBe('');
  });
});
