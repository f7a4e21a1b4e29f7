import { ageOn, chinaCalendarDate, chinaDayStart, isValidCalendarDate } from './dates';

describe('isValidCalendarDate', () => {
  it('follows Gregorian leap-year rules', () => {
    expect(isValidCalendarDate(2000, 2, 29)).toBe(true);
    expect(isValidCalendarDate(2024, 2, 29)).toBe(true);
    expect(isValidCalendarDate(1900, 2, 29)).toBe(false);
    expect(isValidCalendarDate(2023, 2, 29)).toBe(false);
  });

  it('rejects out-of-range months and days', () => {
    expect(isValidCalendarDate(1999, 2, 30)).toBe(false);
    expect(isValidCalendarDate(1999, 4, 31)).toBe(false);
    expect(isValidCalendarDate(1999, 13, 1)).toBe(false);
    expect(isValidCalendarDate(1999, 0, 1)).toBe(false);
    expect(isValidCalendarDate(1999, 1, 0)).toBe(false);
    expect(isValidCalendarDate(1999, 12, 31)).toBe(true);
  });
});

describe('chinaCalendarDate', () => {
  it('uses UTC+8', () => {
    expect(chinaCalendarDate(new Date('2024-05-31T15:59:59Z'))).toBe('2024-05-31');
    expect(chinaCalendarDate(new Date('2024-05-31T16:00:00Z'))).toBe('2024-06-01');
  });
});

describe('ageOn', () => {
  it('counts whole years, gaining one on the birthday', () => {
    expect(ageOn('1949-12-31', '2024-12-30')).toBe(74);
    expect(ageOn('1949-12-31', '2024-12-31')).toBe(75);
    expect(ageOn('2010-06-15', '2010-06-15')).toBe(0);
  });

  it('reads a Date in China time', () => {
    expect(ageOn('2008-06-01', new Date('2024-05-31T16:30:00Z'))).toBe(16);
    expect(ageOn('2008-06-01', new Date('2024-05-31T15:30:00Z'))).toBe(15);
  });

  it('lets a 29 February birthday count from 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2014-02-28')).toBe(13);
    expect(ageOn('2000-02-29', '2014-03-01')).toBe(14);
    expect(ageOn('2000-02-29', '2016-02-29')).toBe(16);
  });

  it('throws on malformed dates or a date before birth', () => {
    expect(() => ageOn('1999-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('19990101', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('1999-01-01', new Date('nope'))).toThrow(RangeError);
    expect(() => ageOn('2024-01-02', '2024-01-01')).toThrow(RangeError);
  });
});

describe('chinaDayStart', () => {
  it('is midnight Beijing time, 16:00 UTC the day before', () => {
    expect(chinaDayStart('2024-06-01').toISOString()).toBe('2024-05-31T16:00:00.000Z');
    expect(chinaCalendarDate(chinaDayStart('2024-06-01'))).toBe('2024-06-01');
    expect(chinaCalendarDate(new Date(chinaDayStart('2024-06-01').getTime() - 1))).toBe('2024-05-31');
  });

  it('moves on by whole days, across months and leap days', () => {
    expect(chinaDayStart('2024-02-28', 1).toISOString()).toBe('2024-02-28T16:00:00.000Z');
    expect(chinaDayStart('2023-12-31', 1).toISOString()).toBe('2023-12-31T16:00:00.000Z');
  });

  it('refuses a date that does not exist', () => {
    expect(() => chinaDayStart('2023-02-29')).toThrow(RangeError);
  });
});
