import { SOCIAL_WORKER_LEVELS } from '@wushe/contracts';

export type SocialWorkerLevel = (typeof SOCIAL_WORKER_LEVELS)[number];

/** The highest of the levels recorded (助理 < 中级 < 高级); null when none is. */
export function highestLevel(levels: readonly string[]): SocialWorkerLevel | null {
  let best = -1;
  for (const level of levels) {
    best = Math.max(best, SOCIAL_WORKER_LEVELS.indexOf(level as SocialWorkerLevel));
  }
  return best < 0 ? null : SOCIAL_WORKER_LEVELS[best];
}
