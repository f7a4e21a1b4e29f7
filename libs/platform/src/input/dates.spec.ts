import { z } from 'zod';
import { BIRTH_MIN_YEAR, DATE_ISSUES, isoDate, isoDateTime, isoMonth } from './dates';

const codes = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => (i.code === 'custom' ? (i.params as { code: string }).code : i.code));
};

describe('isoDate', () => {
  const date = isoDate();

  it('takes real days from 1900 to 2100', () => {
    for (const d of ['1900-01-01', '2024-02-29', '2026-12-02', '2100-12-31']) expect(date.parse(d)).toBe(d);
  });

  it.each(['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31'])('refuses the year of %s', (d) => {
    expect(codes(date, d)).toEqual([DATE_ISSUES.outOfRange]);
  });

  it.each(['2023-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '20261202', '2026-12-02T00:00:00Z', ''])(
    'refuses %j as malformed, without a second issue about its year',
    (d) => {
      expect(codes(date, d)).toEqual(['invalid_format']);
    },
  );

  it('takes birth dates back to the oldest resident IDs when asked', () => {
    const birthDate = isoDate({ minYear: BIRTH_MIN_YEAR });
    expect(birthDate.parse('1850-01-01')).toBe('1850-01-01');
    expect(codes(birthDate, '1849-12-31')).toEqual([DATE_ISSUES.outOfRange]);
  });

  it('says the range in English and Chinese', () => {
    const parsed = date.safeParse('0000-01-01');
    const issue = parsed.error?.issues[0] as { message: string; params?: { zh: string } };
    expect(issue.message).toBe('must lie in the years 1900–2100');
    expect(issue.params?.zh).toBe('年份必须在 1900–2100 之间');
  });
});

describe('isoMonth', () => {
  it('takes YYYY-MM in range and refuses the rest', () => {
    expect(isoMonth().parse('2026-11')).toBe('2026-11');
    expect(codes(isoMonth(), '0000-01')).toEqual([DATE_ISSUES.outOfRange]);
    expect(codes(isoMonth(), '2026-13')).toEqual(['invalid_format']);
    expect(codes(isoMonth(), '2026-1')).toEqual(['invalid_format']);
  });
});

describe('isoDateTime', () => {
  const instant = isoDateTime();

  it('takes instants with an offset', () => {
    expect(instant.parse('2026-11-03T09:30:00+08:00')).toBe('2026-11-03T09:30:00+08:00');
    expect(instant.parse('2026-11-03T01:30:00.123Z')).toBe('2026-11-03T01:30:00.123Z');
  });

  it.each(['0000-01-01T00:00:00Z', '1899-12-31T15:59:59Z', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'refuses %s',
    (t) => {
      expect(codes(instant, t)).toEqual([DATE_ISSUES.outOfRange]);
    },
  );

  it('judges the year of the instant in UTC, as PostgreSQL stores it', () => {
    // Midnight on 1 January 1900 in Beijing is still 1899 in UTC.
    expect(codes(instant, '1900-01-01T00:00:00+08:00')).toEqual([DATE_ISSUES.outOfRange]);
    expect(instant.parse('1900-01-01T08:00:00+08:00')).toBe('1900-01-01T08:00:00+08:00');
  });

  it('refuses an instant without an offset or malformed, with one issue', () => {
    expect(codes(instant, '2026-11-03T09:30:00')).toEqual(['invalid_format']);
    expect(codes(instant, '2026-02-30T09:30:00Z')).toEqual(['invalid_format']);
  });
});
