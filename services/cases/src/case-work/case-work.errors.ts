import { defineErrors } from '@wushe/platform';

export const CaseWorkErrors = defineErrors('CASES', {
  RECIPIENT_CLOSED: {
    status: 409,
    zh: '该对象的个案已结案',
    en: 'The recipient’s case is closed',
  },
  ASSESSMENT_INVALID_TRANSITION: {
    status: 409,
    zh: '评估当前状态不允许此操作',
    en: 'The assessment’s status does not allow this',
  },
  ASSESSMENT_NOT_EDITABLE: {
    status: 409,
    zh: '评估已提交或已审批，不能修改',
    en: 'Only a draft or returned assessment can be edited',
  },
  ASSESSMENT_SELF_APPROVAL: {
    status: 403,
    zh: '不能审批自己提交的评估',
    en: 'You may not approve or return an assessment you submitted',
  },
  ASSESSMENT_NOT_APPROVED: {
    status: 409,
    zh: '该对象尚无已审批的需求评估',
    en: 'The recipient has no approved needs assessment',
  },
  PLAN_ALREADY_OPEN: {
    status: 409,
    zh: '该对象已有进行中的服务计划',
    en: 'The recipient already has an open service plan',
  },
  PLAN_CLOSED: { status: 409, zh: '服务计划已结束', en: 'The service plan is closed' },
  SERVICE_NOT_IN_PLAN: {
    status: 422,
    zh: '该服务类型不在服务计划内',
    en: 'This service type is not part of the plan',
  },
  RECORD_BEFORE_PLAN_START: {
    status: 422,
    zh: '记录日期早于服务计划开始日期',
    en: 'The record is dated before the plan starts',
  },
  CASE_WORK_CONFLICT: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and retry',
  },
});
