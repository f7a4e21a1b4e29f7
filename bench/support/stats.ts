/** `n` rounded to `digits` decimals, as a number (for the printed figures and BENCH_RESULT). */
export const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** The nearest-rank `p`th percentile of an ascending array (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
