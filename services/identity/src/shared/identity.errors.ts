import { defineErrors } from '@wushe/platform';

/**
 * Codes more than one identity module answers with. Each stable code is defined once, so its
 * status and texts cannot drift apart between modules; module tables spread these in.
 */
export const IdentityErrors = defineErrors('IDENTITY', {
  REGION_NOT_FOUND: { status: 404, zh: '区划代码不存在', en: 'No such region' },
  UNKNOWN_REGION: { status: 422, zh: '区划代码不存在或已撤销', en: 'Unknown or ended region code' },
  ACCOUNT_NOT_FOUND: { status: 404, zh: '账号不存在', en: 'No such account' },
  VERSION_CONFLICT: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and retry',
  },
  CLOSED_BEFORE_OPENED: {
    status: 422,
    zh: '关闭日期早于开设日期',
    en: 'The closing date is before the opening date',
  },
});
