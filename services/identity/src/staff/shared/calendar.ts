import { chinaCalendarDate } from '@wushe/cn-standards';
import { CommonErrors, DomainError } from '@wushe/platform';

// Calendar dates (joined, left, issued, opened, closed) are China calendar dates, stored in DATE
// columns as UTC midnight; instants (training times) are timestamptz.

/** Today's date in China (Asia/Shanghai), YYYY-MM-DD. */
export const chinaToday = (): string => chinaCalendarDate(new Date());

export const toDbDate = (isoDate: string): Date => new Date(`${isoDate}T00:00:00.000Z`);

export const fromDbDate = (date: Date): string => date.toISOString().slice(0, 10);

/** A 400 VALIDATION_FAILED naming one field, for checks that need stored data or the clock. */
export function invalidField(path: string, code: string, message: string): DomainError {
  return CommonErrors.VALIDATION_FAILED({ errors: [{ path, code, message }] });
}
