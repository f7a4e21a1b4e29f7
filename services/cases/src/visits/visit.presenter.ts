import type { Visit } from '../generated/prisma';

/** The public shape of a visit; no personal data lives on a visit row. */
export function presentVisit(visit: Visit) {
  return {
    id: visit.id,
    kind: visit.kind,
    villageCode: visit.villageCode,
    workerId: visit.workerId,
    visitedAt: visit.visitedAt.toISOString(),
    needsFound: visit.needsFound,
    createdAt: visit.createdAt.toISOString(),
  };
}
export type VisitView = ReturnType<typeof presentVisit>;
