import { ageOn, chinaCalendarDate } from '@wushe/cn-standards';
import type { RecipientCategoryCode } from '@wushe/contracts';
import { RecipientErrors } from './recipient.errors';

/** Categories that only children below an age may hold (age on the day the category starts). */
const AGE_LIMITS: Partial<Record<RecipientCategoryCode, number>> = {
  'left-behind-child': 16,
  orphan: 18,
  'de-facto-orphan': 18,
  'child-in-difficulty': 18,
};

/** Throws CATEGORY_NOT_ALLOWED / INVALID_CATEGORY_DATES when the person cannot hold the category then. */
export function assertCategoryAllowed(
  category: RecipientCategoryCode,
  birthDate: string,
  validFrom: string,
): void {
  if (validFrom < birthDate) throw RecipientErrors.INVALID_CATEGORY_DATES({ category, validFrom });
  const limit = AGE_LIMITS[category];
  if (limit !== undefined && ageOn(birthDate, validFrom) >= limit) {
    throw RecipientErrors.CATEGORY_NOT_ALLOWED({ category, validFrom, maxAge: limit - 1 });
  }
}

/** A category is current when it has not ended by `today` (YYYY-MM-DD). */
export function isCurrent(validTo: Date | null, today: string): boolean {
  return validTo === null || validTo.toISOString().slice(0, 10) > today;
}

/** Today's China calendar date as a UTC-midnight Date, the way @db.Date columns are compared. */
export function todayUtcDate(now: Date): Date {
  return new Date(`${chinaCalendarDate(now)}T00:00:00Z`);
}
