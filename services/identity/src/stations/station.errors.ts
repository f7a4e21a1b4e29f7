import { defineErrors } from '@wushe/platform';
import { IdentityErrors } from '../shared/identity.errors';

/** Stable codes of the stations and points capability (RFC 9457 `code`). */
export const StationErrors = {
  ...IdentityErrors,
  ...defineErrors('IDENTITY', {
    STATION_EXISTS: {
      status: 409,
      zh: '该乡镇（街道）已有运行中的社工站',
      en: 'This township already has an open station',
    },
    UNKNOWN_TOWNSHIP: {
      status: 422,
      zh: '区划代码不是现行的乡镇（街道）',
      en: 'The code is not a current township',
    },
    STATION_CLOSED: { status: 409, zh: '社工站已关闭', en: 'The station is closed' },
    POINT_CLOSED: { status: 409, zh: '社工点已关闭', en: 'The point is closed' },
    VILLAGE_OUTSIDE_TOWNSHIP: {
      status: 422,
      zh: '村（居）不是该社工站所在乡镇（街道）的现行村（居）',
      en: 'Some villages are not current villages of the station’s township',
    },
    VILLAGE_ALREADY_COVERED: {
      status: 409,
      zh: '村（居）已由其他运行中的社工点覆盖',
      en: 'Some villages are already covered by another open point',
    },
    OPENED_BEFORE_STATION: {
      status: 422,
      zh: '社工点开设日期早于所属社工站',
      en: 'The point cannot open before its station',
    },
  }),
};
