import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

// Staff (social-worker profiles), their certificates, posts (岗位) and trainings. Events carry ids,
// division codes, post types, levels, dates and counts: never a name, an employer, a certificate
// number, a trainer, a place or a free-text reason (consumers that need them ask the API).

/** The township (9 digits) of a station or the village (12 digits) of a point. */
const workplaceCode = z.string().regex(/^(\d{9}|\d{12})$/);
/** Any division a training is for (province down to village). */
const regionCode = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/);
const isoDate = z.iso.date();
const instant = z.iso.datetime({ offset: true });
/** Increments on every change of the entity; consumers keep the highest they have applied. */
const version = z.number().int().min(1);

/** transactional (事务性岗位, at a station) | service (服务性岗位, at a point). */
export const POST_TYPES = ['transactional', 'service'] as const;
/** 助理社会工作师 (assistant) < 社会工作师 (intermediate) < 高级社会工作师 (senior). */
export const SOCIAL_WORKER_LEVELS = ['assistant', 'intermediate', 'senior'] as const;
export const TRAINING_KINDS = ['pre-job', 'routine', 'supervision'] as const;
export const TRAINING_MODES = ['online', 'on-site'] as const;

const postType = z.enum(POST_TYPES);
const level = z.enum(SOCIAL_WORKER_LEVELS);

const staffData = {
  staffId: entityId,
  /** The account the staff member logs in with, when linked. */
  accountId: entityId.nullable(),
  regionCode: workplaceCode,
  stationId: entityId.nullable(),
  pointId: entityId.nullable(),
  postType,
  /** The highest certificate level recorded; null without one. */
  level: level.nullable(),
  joinedOn: isoDate,
  version,
};

export const staffRegisteredV1 = defineEvent({
  service: 'identity',
  entity: 'staff',
  action: 'registered',
  version: 1,
  description: 'A social worker (社工) was registered at a station or point.',
  schema: z.object(staffData),
});

export const staffChangedV1 = defineEvent({
  service: 'identity',
  entity: 'staff',
  action: 'changed',
  version: 1,
  description:
    'A social worker’s profile changed. `changed` names the fields (values of personal fields do not travel); a move carries the region it left in `previousRegionCode`.',
  schema: z.object({
    ...staffData,
    changed: z
      .array(
        z.enum(['displayName', 'accountId', 'regionCode', 'stationId', 'pointId', 'employer', 'postType']),
      )
      .min(1),
    previousRegionCode: workplaceCode.optional(),
  }),
});

export const staffLeftV1 = defineEvent({
  service: 'identity',
  entity: 'staff',
  action: 'left',
  version: 1,
  description:
    'A social worker left. The post they held (if any) was vacated in the same transaction (identity.post.vacated.v1).',
  schema: z.object({ ...staffData, leftOn: isoDate, vacatedPostId: entityId.nullable() }),
});

export const staffCertifiedV1 = defineEvent({
  service: 'identity',
  entity: 'staff',
  action: 'certified',
  version: 1,
  description:
    'A social work certificate was recorded for a staff member (funding pays the certificate subsidy from it). `level` is the certificate’s; `previousLevel` the highest held before it.',
  schema: z.object({
    staffId: entityId,
    certificateId: entityId,
    level,
    previousLevel: level.nullable(),
    issuedOn: isoDate,
    regionCode: workplaceCode,
  }),
});

const postData = {
  postId: entityId,
  regionCode: workplaceCode,
  stationId: entityId.nullable(),
  pointId: entityId.nullable(),
  postType,
  openedOn: isoDate,
  version,
};

export const postOpenedV1 = defineEvent({
  service: 'identity',
  entity: 'post',
  action: 'opened',
  version: 1,
  description: 'A planned post (岗位) of a station or point was opened; it is vacant until filled.',
  schema: z.object(postData),
});

export const postFilledV1 = defineEvent({
  service: 'identity',
  entity: 'post',
  action: 'filled',
  version: 1,
  description: 'A staff member took up a post.',
  schema: z.object({ ...postData, staffId: entityId }),
});

export const postVacatedV1 = defineEvent({
  service: 'identity',
  entity: 'post',
  action: 'vacated',
  version: 1,
  description:
    'A post lost its holder: vacated on request, because the staff member left, or because the post closed.',
  schema: z.object({
    ...postData,
    staffId: entityId,
    reason: z.enum(['vacated', 'staff-left', 'post-closed']),
  }),
});

export const postClosedV1 = defineEvent({
  service: 'identity',
  entity: 'post',
  action: 'closed',
  version: 1,
  description:
    'A post was closed (no longer planned). A holder was vacated first (identity.post.vacated.v1).',
  schema: z.object({ ...postData, closedOn: isoDate }),
});

const trainingData = {
  sessionId: entityId,
  kind: z.enum(TRAINING_KINDS),
  mode: z.enum(TRAINING_MODES),
  regionCode,
  startsAt: instant,
  endsAt: instant,
  version,
};

export const trainingScheduledV1 = defineEvent({
  service: 'identity',
  entity: 'training',
  action: 'scheduled',
  version: 1,
  description: 'A training (pre-job 岗前, routine 日常) or supervision (督导) session was scheduled.',
  schema: z.object(trainingData),
});

export const trainingChangedV1 = defineEvent({
  service: 'identity',
  entity: 'training',
  action: 'changed',
  version: 1,
  description:
    'A scheduled session changed; `changed` names the fields (title, place and trainer values do not travel).',
  schema: z.object({
    ...trainingData,
    changed: z.array(z.enum(['kind', 'mode', 'title', 'startsAt', 'endsAt', 'place', 'trainer'])).min(1),
  }),
});

export const trainingCancelledV1 = defineEvent({
  service: 'identity',
  entity: 'training',
  action: 'cancelled',
  version: 1,
  description: 'A scheduled session was cancelled (the reason stays in identity).',
  schema: z.object({ ...trainingData, enrolled: z.number().int().min(0) }),
});

export const trainingHeldV1 = defineEvent({
  service: 'identity',
  entity: 'training',
  action: 'held',
  version: 1,
  description: 'A session took place and its attendance was recorded.',
  schema: z.object({
    ...trainingData,
    enrolled: z.number().int().min(0),
    attended: z.number().int().min(0),
  }),
});

export const identityStaffEvents = [
  staffRegisteredV1,
  staffChangedV1,
  staffLeftV1,
  staffCertifiedV1,
  postOpenedV1,
  postFilledV1,
  postVacatedV1,
  postClosedV1,
  trainingScheduledV1,
  trainingChangedV1,
  trainingCancelledV1,
  trainingHeldV1,
] as const;
