import type { MonitoringFrequency, RiskLevel } from '@wushe/contracts';

const MONTHS: Record<MonitoringFrequency, number> = { weekly: 0, monthly: 1, quarterly: 3 };

/** `date` (YYYY-MM-DD) plus one period; months are clamped to the month's last day (01-31 → 02-28). */
export function addFrequency(date: string, frequency: MonitoringFrequency): string {
  const [y, m, d] = date.split('-').map(Number);
  if (frequency === 'weekly') {
    return new Date(Date.UTC(y, m - 1, d + 7)).toISOString().slice(0, 10);
  }
  const months = m - 1 + MONTHS[frequency];
  const lastDay = new Date(Date.UTC(y, months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/**
 * The risk level the scores suggest (each domain 0–3, six domains):
 * critical — two or more domains at 3, or a total of 13 or more;
 * high — any domain at 3, or a total of 9 or more;
 * medium — any domain at 2, or a total of 5 or more;
 * low — otherwise.
 */
export function computeRiskLevel(scores: readonly number[]): RiskLevel {
  const total = scores.reduce((a, b) => a + b, 0);
  const threes = scores.filter((s) => s === 3).length;
  if (threes >= 2 || total >= 13) return 'critical';
  if (threes >= 1 || total >= 9) return 'high';
  if (scores.some((s) => s === 2) || total >= 5) return 'medium';
  return 'low';
}

export const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
