/** The China calendar date (UTC+8) `days` from today (negative: in the past), as YYYY-MM-DD. */
export function chinaDay(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
