import { defineErrors } from '@wushe/platform';

export const ProgrammeErrors = defineErrors('CASES', {
  PROGRAMME_CODE_TAKEN: { status: 409, zh: '项目编码已被使用', en: 'The programme code is already in use' },
  ALREADY_ENROLLED: { status: 409, zh: '该户已参加此项目', en: 'The household is already enrolled' },
  HOUSEHOLD_OUTSIDE_PROGRAMME: {
    status: 422,
    zh: '该户不在项目实施区域内',
    en: 'The household’s village is outside the programme’s region',
  },
  ENROLMENT_DATE_OUT_OF_RANGE: {
    status: 422,
    zh: '参加日期不在项目期限内',
    en: 'The enrolment date is outside the programme’s dates',
  },
  ENROLMENT_NOT_ACTIVE: { status: 409, zh: '该户已退出项目', en: 'The household has left the programme' },
  CHECK_IN_EXISTS: { status: 409, zh: '该月已有跟踪记录', en: 'This month already has a check-in' },
  MONTH_OUT_OF_RANGE: {
    status: 422,
    zh: '月份不在项目期限内或晚于本月',
    en: 'The month is outside the programme’s (or enrolment’s) dates, or in the future',
  },
  UNKNOWN_MEASURE: { status: 400, zh: '项目没有该指标', en: 'The programme has no such measure' },
});
