import type { Programme, ProgrammeCheckIn, ProgrammeEnrolment } from '../generated/prisma';
import type { Measure } from './programmes.schemas';

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function presentProgramme(p: Programme) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    regionCode: p.regionCode,
    startsOn: isoDate(p.startsOn),
    endsOn: p.endsOn ? isoDate(p.endsOn) : null,
    measures: p.measures as Measure[],
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
  };
}

export function presentEnrolment(e: ProgrammeEnrolment) {
  return {
    id: e.id,
    programmeId: e.programmeId,
    householdId: e.householdId,
    villageCode: e.villageCode,
    enrolledOn: isoDate(e.enrolledOn),
    status: e.status,
    leftOn: e.leftOn ? isoDate(e.leftOn) : null,
    enrolledBy: e.enrolledBy,
    createdAt: e.createdAt.toISOString(),
  };
}

export function presentCheckIn(c: ProgrammeCheckIn) {
  return {
    id: c.id,
    enrolmentId: c.enrolmentId,
    programmeId: c.programmeId,
    householdId: c.householdId,
    villageCode: c.villageCode,
    month: c.month,
    values: c.values as Record<string, number>,
    recordedBy: c.recordedBy,
    createdAt: c.createdAt.toISOString(),
  };
}
