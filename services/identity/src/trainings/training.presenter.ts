import type { TrainingEnrolment, TrainingSession } from '../generated/prisma';

export function presentTraining(s: TrainingSession) {
  return {
    id: s.id,
    kind: s.kind,
    mode: s.mode,
    title: s.title,
    regionCode: s.regionCode,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    place: s.place,
    trainer: s.trainer,
    status: s.status,
    version: s.version,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
export type TrainingView = ReturnType<typeof presentTraining>;

export interface Cancellation {
  reason: string;
  cancelledAt: string;
  cancelledBy: string | null;
}

export function presentTrainingDetail(
  s: TrainingSession,
  enrolments: TrainingEnrolment[],
  cancellation: Cancellation | null,
) {
  return {
    ...presentTraining(s),
    enrolments: [...enrolments]
      .sort((a, b) => a.enrolledAt.getTime() - b.enrolledAt.getTime() || a.staffId.localeCompare(b.staffId))
      .map((e) => ({
        staffId: e.staffId,
        enrolledAt: e.enrolledAt.toISOString(),
        attended: e.attended,
        minutes: e.minutes,
      })),
    ...(cancellation ? { cancellation } : {}),
  };
}
export type TrainingDetailView = ReturnType<typeof presentTrainingDetail>;

type Kind = 'pre-job' | 'routine' | 'supervision';
type Mode = 'online' | 'on-site';

/** Event fields of the training events: no title, place, trainer or reason. */
export function trainingFacts(s: TrainingSession) {
  return {
    sessionId: s.id,
    kind: s.kind as Kind,
    mode: s.mode as Mode,
    regionCode: s.regionCode,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    version: s.version,
  };
}
