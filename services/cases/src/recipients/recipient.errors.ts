import { defineErrors } from '@wushe/platform';

export const RecipientErrors = defineErrors('CASES', {
  INVALID_RESIDENT_ID: {
    status: 400,
    zh: '身份证号码无效',
    en: 'The resident ID number is not valid',
  },
  INVALID_BIRTH_DATE: {
    status: 400,
    zh: '身份证号码中的出生日期无效',
    en: 'The resident ID number contains an impossible birth date',
  },
  INVALID_PHONE: { status: 400, zh: '手机号码无效', en: 'The mobile number is not valid' },
  CATEGORY_NOT_ALLOWED: {
    status: 422,
    zh: '该对象不符合此类别的条件',
    en: 'The person does not meet the conditions of this category',
  },
  INVALID_CATEGORY_DATES: {
    status: 422,
    zh: '类别的起止日期无效',
    en: 'The category dates are not valid',
  },
  CATEGORY_ALREADY_HELD: {
    status: 409,
    zh: '该对象已具有此类别',
    en: 'The recipient already holds this category',
  },
  CATEGORY_ALREADY_ENDED: { status: 409, zh: '该类别已终止', en: 'This category has already ended' },
  HOUSEHOLD_VILLAGE_MISMATCH: {
    status: 422,
    zh: '家庭所在村（居）与对象不一致',
    en: 'The household belongs to another village than the recipient',
  },
  RECIPIENT_DUPLICATE_ID: {
    status: 409,
    zh: '该身份证号码已登记',
    en: 'A recipient with this resident ID number is already registered',
  },
  INVALID_STATUS_TRANSITION: {
    status: 409,
    zh: '不允许的状态变更',
    en: 'This status change is not allowed',
  },
  VERSION_CONFLICT: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and retry',
  },
  STAFF_UNKNOWN: {
    status: 422,
    zh: '未找到该社工（人员信息可能尚未同步）',
    en: 'No such social worker is known to cases (identity may not have announced them yet)',
  },
  STAFF_INACTIVE: { status: 422, zh: '该社工已离岗', en: 'The social worker has left their post' },
  STAFF_OUT_OF_REGION: {
    status: 422,
    zh: '该社工不负责对象所在村（居）',
    en: 'The social worker does not work in the recipient’s village',
  },
  STATION_CLOSED: {
    status: 422,
    zh: '对象所在乡镇（街道）社工站已关闭',
    en: 'The social work station of the recipient’s township is closed',
  },
});
