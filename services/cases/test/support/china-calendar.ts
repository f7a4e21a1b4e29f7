const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The China calendar date (UTC+8) `days` from today (negative: in the past), as YYYY-MM-DD. A test
 * that compares several dates passes one `now` to all of them: read apart, they can straddle midnight.
 */
export function chinaDay(days = 0, now = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Waits for the next China day when less than `marginMs` is left of this one. For a block whose
 * expectations come from chinaDay() while the server reads its own clock (lists of what is overdue
 * "today"): run clear of midnight, both see the same day.
 */
export async function clearOfChinaMidnight(marginMs = 120_000): Promise<void> {
  const left = DAY_MS - ((Date.now() + CHINA_OFFSET_MS) % DAY_MS);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}
