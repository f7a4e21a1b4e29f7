import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Stations (社工站) and points (社工点). Events carry ids, division codes, dates and versions; never
// the contact person or office phone kept on the station (consumers that need them ask the API).
const townshipCode = z.string().regex(/^\d{9}$/);
const villageCode = z.string().regex(/^\d{12}$/);
const isoDate = z.iso.date();
/** Increments on every change of the entity; consumers keep the highest they have applied. */
const version = z.number().int().min(1);

export const stationOpenedV1 = defineEvent({
  service: 'identity',
  entity: 'station',
  action: 'opened',
  version: 1,
  description: 'A township (乡镇/街道) opened its social work station (社工站).',
  schema: z.object({ stationId: entityId, townshipCode, openedOn: isoDate, version }),
});

export const stationUpdatedV1 = defineEvent({
  service: 'identity',
  entity: 'station',
  action: 'updated',
  version: 1,
  description:
    'A station’s name, address or contact changed. Only the names of the changed fields travel, not their values.',
  schema: z.object({
    stationId: entityId,
    townshipCode,
    openedOn: isoDate,
    version,
    changed: z.array(z.enum(['name', 'address', 'contactName', 'contactPhone'])).min(1),
  }),
});

export const stationClosedV1 = defineEvent({
  service: 'identity',
  entity: 'station',
  action: 'closed',
  version: 1,
  description:
    'A station closed. Its points closed with it (each announced by identity.point.closed.v1, listed here).',
  schema: z.object({
    stationId: entityId,
    townshipCode,
    openedOn: isoDate,
    closedOn: isoDate,
    version,
    closedPointIds: z.array(entityId),
  }),
});

const pointData = {
  pointId: entityId,
  stationId: entityId,
  townshipCode,
  /** The villages (村/居) the point covers, sorted. */
  villageCodes: z.array(villageCode).min(1),
  openedOn: isoDate,
  version,
};

export const pointOpenedV1 = defineEvent({
  service: 'identity',
  entity: 'point',
  action: 'opened',
  version: 1,
  description: 'A social work point (社工点) opened under a station, covering one or more villages.',
  schema: z.object(pointData),
});

export const pointUpdatedV1 = defineEvent({
  service: 'identity',
  entity: 'point',
  action: 'updated',
  version: 1,
  description: 'A point’s name, address or villages changed; `villageCodes` is the full set it covers now.',
  schema: z.object({
    ...pointData,
    changed: z.array(z.enum(['name', 'address', 'villageCodes'])).min(1),
  }),
});

export const pointClosedV1 = defineEvent({
  service: 'identity',
  entity: 'point',
  action: 'closed',
  version: 1,
  description: 'A point closed (on its own, or because its station closed); its villages are uncovered.',
  schema: z.object({ ...pointData, closedOn: isoDate }),
});

export const identityStationEvents = [
  stationOpenedV1,
  stationUpdatedV1,
  stationClosedV1,
  pointOpenedV1,
  pointUpdatedV1,
  pointClosedV1,
] as const;
