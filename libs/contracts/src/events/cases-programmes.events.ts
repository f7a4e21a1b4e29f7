import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Programmes with monitoring (小鸡快跑): programmes, household enrolments and monthly check-ins.
// Events carry ids, region and village codes, months and measured integers (money in fen);
// never names of households or people.

export const PROGRAMME_MEASURE_UNITS = ['fen', 'count', 'kg', 'head'] as const;
export type ProgrammeMeasureUnit = (typeof PROGRAMME_MEASURE_UNITS)[number];

export const PROGRAMME_MEASURE_AGGREGATES = ['sum', 'latest'] as const;
export type ProgrammeMeasureAggregate = (typeof PROGRAMME_MEASURE_AGGREGATES)[number];

const villageCode = z.string().regex(/^\d{12}$/);
const measureKey = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const programmeCreatedV1 = defineEvent({
  service: 'cases',
  entity: 'programme',
  action: 'created',
  version: 1,
  description: 'A programme with measured outcomes was set up in a region.',
  schema: z.object({
    programmeId: entityId,
    code: z.string(),
    regionCode: z.string().regex(/^(\d{6}|\d{9})$/),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().nullable(),
    measures: z.array(
      z.object({
        key: measureKey,
        unit: z.enum(PROGRAMME_MEASURE_UNITS),
        aggregate: z.enum(PROGRAMME_MEASURE_AGGREGATES),
      }),
    ),
  }),
});

export const programmeEnrolledV1 = defineEvent({
  service: 'cases',
  entity: 'programme',
  action: 'enrolled',
  version: 1,
  description: 'A household was enrolled in a programme.',
  schema: z.object({
    programmeId: entityId,
    enrolmentId: entityId,
    householdId: entityId,
    villageCode,
    enrolledOn: z.iso.date(),
  }),
});

export const programmeCheckedInV1 = defineEvent({
  service: 'cases',
  entity: 'programme',
  action: 'checked-in',
  version: 1,
  description: 'A monthly check-in of an enrolled household: one integer per measure (money in fen).',
  schema: z.object({
    programmeId: entityId,
    enrolmentId: entityId,
    householdId: entityId,
    villageCode,
    month,
    values: z.record(measureKey, z.number().int().min(0)),
  }),
});

export const programmeEvents = [programmeCreatedV1, programmeEnrolledV1, programmeCheckedInV1] as const;
