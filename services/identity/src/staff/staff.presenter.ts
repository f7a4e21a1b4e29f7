import type { Post, StaffCertificate, StaffMember } from '../generated/prisma';
import { fromDbDate } from './shared/calendar';
import { highestLevel } from './shared/levels';

export function presentCertificate(c: StaffCertificate) {
  return {
    id: c.id,
    level: c.level,
    number: c.number,
    issuedOn: fromDbDate(c.issuedOn),
    recordedAt: c.recordedAt.toISOString(),
  };
}

/** A staff member as the API shows it; `level` is the highest certificate recorded. */
export function presentStaff(
  s: StaffMember,
  certificates: ReadonlyArray<Pick<StaffCertificate, 'level'>>,
  postId?: string | null,
) {
  return {
    id: s.id,
    accountId: s.accountId,
    displayName: s.displayName,
    regionCode: s.regionCode,
    stationId: s.stationId,
    pointId: s.pointId,
    employer: s.employer,
    postType: s.postType,
    status: s.status,
    level: highestLevel(certificates.map((c) => c.level)),
    joinedOn: fromDbDate(s.joinedOn),
    leftOn: s.leftOn ? fromDbDate(s.leftOn) : null,
    ...(postId !== undefined ? { postId } : {}),
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
export type StaffView = ReturnType<typeof presentStaff>;

export type StaffDetailView = StaffView & { certificates: ReturnType<typeof presentCertificate>[] };

export function presentStaffDetail(
  s: StaffMember,
  certificates: StaffCertificate[],
  postId: string | null,
): StaffDetailView {
  const sorted = [...certificates].sort(
    (a, b) => a.issuedOn.getTime() - b.issuedOn.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime(),
  );
  return { ...presentStaff(s, certificates, postId), certificates: sorted.map(presentCertificate) };
}

/** Event fields shared by the staff events (ids, codes, type, level, date: nothing personal). */
export function staffFacts(s: StaffMember, certificates: ReadonlyArray<Pick<StaffCertificate, 'level'>>) {
  return {
    staffId: s.id,
    accountId: s.accountId,
    regionCode: s.regionCode,
    stationId: s.stationId,
    pointId: s.pointId,
    postType: s.postType as 'transactional' | 'service',
    level: highestLevel(certificates.map((c) => c.level)),
    joinedOn: fromDbDate(s.joinedOn),
    version: s.version,
  };
}

export function presentPost(p: Post) {
  return {
    id: p.id,
    regionCode: p.regionCode,
    stationId: p.stationId,
    pointId: p.pointId,
    postType: p.postType,
    staffId: p.staffId,
    status: p.closedOn ? 'closed' : p.staffId ? 'filled' : 'vacant',
    openedOn: fromDbDate(p.openedOn),
    closedOn: p.closedOn ? fromDbDate(p.closedOn) : null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type PostView = ReturnType<typeof presentPost>;

export function postFacts(p: Post) {
  return {
    postId: p.id,
    regionCode: p.regionCode,
    stationId: p.stationId,
    pointId: p.pointId,
    postType: p.postType as 'transactional' | 'service',
    openedOn: fromDbDate(p.openedOn),
    version: p.version,
  };
}
