/** Bounds for plausible birth years; anything outside is a typo, not a person. */
export const MIN_BIRTH_YEAR = 1850;
export const MAX_BIRTH_YEAR = 2099;

// China has used UTC+8 without daylight saving since 1991, so a fixed offset is exact.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Calendar arithmetic only: `Date` would silently roll 1999-02-30 over to March. */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The calendar date in China at the given instant. Servers usually run in UTC, and a child
 * born just after midnight Beijing time must not look "born tomorrow".
 */
export function chinaCalendarDate(instant: Date): string {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return formatIsoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/**
 * The instant a China calendar day begins (midnight Beijing time; China keeps UTC+8 all year):
 * the lower bound of a query over that day. `plusDays` moves on by whole days.
 * @throws RangeError on a malformed date.
 */
export function chinaDayStart(day: string, plusDays = 0): Date {
  const [year, month, date] = parseIsoDate(day, 'day');
  return new Date(Date.UTC(year, month - 1, date + plusDays) - CHINA_OFFSET_MS);
}

function parseIsoDate(s: string, name: string): [number, number, number] {
  const m = ISO_DATE.exec(s);
  const parts: [number, number, number] | undefined = m
    ? [Number(m[1]), Number(m[2]), Number(m[3])]
    : undefined;
  if (!parts || !isValidCalendarDate(...parts)) {
    throw new RangeError(`${name} must be a valid YYYY-MM-DD date`);
  }
  return parts;
}

/**
 * Age in whole years. A Date `on` is read as its China calendar date. Someone born on
 * 29 February gains a year on 1 March in common years.
 * @throws RangeError on a malformed date or when `on` is before `birthDate`.
 */
export function ageOn(birthDate: string, on: Date | string): number {
  const [by, bm, bd] = parseIsoDate(birthDate, 'birthDate');
  const onIso = typeof on === 'string' ? on : chinaCalendarDate(on);
  const [oy, om, od] = parseIsoDate(onIso, 'on');
  if (onIso < formatIsoDate(by, bm, bd)) {
    throw new RangeError('on is before birthDate');
  }
  const hadBirthday = om > bm || (om === bm && od >= bd);
  return oy - by - (hadBirthday ? 0 : 1);
}
