import { defineErrors } from '@wushe/platform';
import { IdentityErrors } from '../shared/identity.errors';

/** Errors of staff, certificates, posts and talent figures (codes are stable; clients key off them). */
export const StaffErrors = {
  ...IdentityErrors,
  ...defineErrors('IDENTITY', {
    STAFF_NOT_FOUND: { status: 404, zh: '社工不存在', en: 'Staff member not found' },
    POST_NOT_FOUND: { status: 404, zh: '岗位不存在', en: 'Post not found' },
    UNKNOWN_STAFF: {
      status: 422,
      zh: '社工不存在或不在您的管辖范围内',
      en: 'No such staff member in your regions',
    },
    NO_STATION_OR_POINT: {
      status: 422,
      zh: '该区划没有开放的社工站或社工点',
      en: 'No open station (township) or point (village) serves this region',
    },
    PLACEMENT_MISMATCH: {
      status: 422,
      zh: '社工站或社工点与区划不一致',
      en: 'The station or point does not serve this region',
    },
    PLACEMENT_AMBIGUOUS: {
      status: 422,
      zh: '该区划有多个社工站或社工点，请指定 stationId 或 pointId',
      en: 'Several stations or points serve this region: give stationId or pointId',
    },
    UNKNOWN_ACCOUNT: { status: 422, zh: '账号不存在', en: 'No such account' },
    ACCOUNT_ALREADY_LINKED: {
      status: 409,
      zh: '该账号已关联其他社工',
      en: 'The account is already linked to another staff member',
    },
    STAFF_NOT_ACTIVE: { status: 409, zh: '该社工已离职', en: 'The staff member has left' },
    STAFF_IN_POST: {
      status: 409,
      zh: '该社工在岗，须先空出岗位才能调整区划',
      en: 'The staff member holds a post: vacate it before moving them',
    },
    LEFT_BEFORE_JOINED: {
      status: 422,
      zh: '离职日期早于入职日期',
      en: 'The leaving date is before the joining date',
    },
    CERTIFICATE_EXISTS: {
      status: 409,
      zh: '该证书编号已登记',
      en: 'A certificate with this number is already recorded',
    },
    STAFF_ALREADY_POSTED: {
      status: 409,
      zh: '该社工已在其他岗位',
      en: 'The staff member already holds another open post',
    },
    POST_FILLED: { status: 409, zh: '岗位已有人在岗', en: 'The post is already filled' },
    POST_VACANT: { status: 409, zh: '岗位空缺，无人可空出', en: 'The post is already vacant' },
    POST_CLOSED: { status: 409, zh: '岗位已撤销', en: 'The post is closed' },
    STAFF_REGION_MISMATCH: {
      status: 422,
      zh: '社工与岗位不在同一区划',
      en: 'The staff member does not work in the post’s region',
    },
  }),
};
