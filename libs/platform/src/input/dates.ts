import { z } from 'zod';

// Dates from outside are checked for a plausible year as well as a valid form. ISO 8601 and zod
// accept 0000-01-01, but PostgreSQL has no year 0 (it refuses the value and the request was a
// 500); 9999-12-31 is storable but is a typo or a probe, and in a date range it makes a query
// scan everything. Nothing this system records (a visit, a category's validity, a training, a
// policy application, a staff member joining) happened before 1900 or is planned after 2100.
// Birth dates are the exception: the oldest resident IDs carry births from 1850
// (MIN_BIRTH_YEAR in cn-standards), so `isoDate({ minYear: BIRTH_MIN_YEAR })` for those.

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/** The earliest birth year a resident ID can carry (cn-standards' MIN_BIRTH_YEAR). */
export const BIRTH_MIN_YEAR = 1850;

export const DATE_ISSUES = { outOfRange: 'date_out_of_range' } as const;

export interface YearRange {
  minYear?: number;
  maxYear?: number;
}

function yearRange({ minYear = MIN_YEAR, maxYear = MAX_YEAR }: YearRange, yearOf: (s: string) => number) {
  return z.refine<string>(
    (s) => {
      const year = yearOf(s);
      return year >= minYear && year <= maxYear;
    },
    {
      message: `must lie in the years ${minYear}–${maxYear}`,
      params: { code: DATE_ISSUES.outOfRange, zh: `年份必须在 ${minYear}–${maxYear} 之间` },
      // A malformed value already has its invalid_format issue; its year means nothing.
      when: (payload) => payload.issues.length === 0,
    },
  );
}

const leadingYear = (s: string) => Number(s.slice(0, 4));

/** A calendar date, YYYY-MM-DD (a real day: 2023-02-29 is refused), in a plausible year. */
export function isoDate(range: YearRange = {}) {
  return z.iso.date().check(yearRange(range, leadingYear));
}

/** A month, YYYY-MM, in a plausible year. */
export function isoMonth(range: YearRange = {}) {
  return z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
    .check(yearRange(range, leadingYear));
}

/**
 * An instant with its UTC offset (2026-11-03T09:30:00+08:00), in a plausible year: the year of
 * the instant in UTC, which is what PostgreSQL stores.
 */
export function isoDateTime(range: YearRange = {}) {
  return z.iso.datetime({ offset: true }).check(yearRange(range, (s) => new Date(s).getUTCFullYear()));
}
