import { defineErrors } from '@wushe/platform';

/** Errors of trainings and supervision sessions (staff and region errors come from StaffErrors). */
export const TrainingErrors = defineErrors('IDENTITY', {
  TRAINING_NOT_FOUND: { status: 404, zh: '培训不存在', en: 'Training session not found' },
  TRAINING_NOT_SCHEDULED: {
    status: 409,
    zh: '培训已举行或已取消，不能再修改',
    en: 'The session was already held or cancelled',
  },
  TRAINING_NOT_STARTED: {
    status: 409,
    zh: '培训尚未开始，不能登记出勤',
    en: 'The session has not started yet: attendance cannot be recorded',
  },
  STAFF_OUTSIDE_REGION: {
    status: 422,
    zh: '社工不在该培训的区划内',
    en: 'These staff members do not work in the session’s region',
  },
  NOT_ENROLLED: { status: 422, zh: '社工未报名该培训', en: 'These staff members are not enrolled' },
});
