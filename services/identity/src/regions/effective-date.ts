import { chinaCalendarDate } from '@wushe/cn-standards';

// Region validity is by calendar date in China (a division table takes effect on a day, not at
// an instant): dates travel as YYYY-MM-DD strings and are stored as SQL `date`.

/** A real calendar date written YYYY-MM-DD (2023-02-29 is not). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() >= 1000 && date.toISOString().slice(0, 10) === value;
}

/** Today in Asia/Shanghai: the default effective date of an import. */
export function todayInChina(): string {
  return chinaCalendarDate(new Date());
}
