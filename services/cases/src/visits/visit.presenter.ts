import type { FieldCipher } from '@wushe/platform';
import type { Coordinates } from './visit.schemas';
import type { VisitWithRecipients } from './visit.repository';

/**
 * The public shape of a visit. Findings and coordinates are decrypted only when `withFindings`:
 * a visit writer whose scope covers the village. Others, and every POST response (which may be
 * kept for Idempotency-Key replay), see only whether they exist.
 */
export function presentVisit(visit: VisitWithRecipients, cipher: FieldCipher, withFindings: boolean) {
  const ids = (registered: boolean) =>
    visit.recipients.filter((r) => r.registered === registered).map((r) => r.recipientId);
  return {
    id: visit.id,
    kind: visit.kind,
    villageCode: visit.villageCode,
    workerId: visit.workerId,
    visitedAt: visit.visitedAt.toISOString(),
    needsFound: visit.needsFound,
    needDomains: visit.needDomains,
    recipientIds: ids(false),
    registeredRecipientIds: ids(true),
    hasFindings: visit.findingsEncrypted !== null,
    hasCoordinates: visit.coordinatesEncrypted !== null,
    ...(withFindings
      ? {
          findings: visit.findingsEncrypted === null ? null : cipher.decrypt(visit.findingsEncrypted),
          coordinates:
            visit.coordinatesEncrypted === null
              ? null
              : (JSON.parse(cipher.decrypt(visit.coordinatesEncrypted)) as Coordinates),
        }
      : {}),
    createdAt: visit.createdAt.toISOString(),
  };
}
export type VisitView = ReturnType<typeof presentVisit>;
