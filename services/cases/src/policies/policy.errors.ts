import { defineErrors } from '@wushe/platform';

// CASES.VERSION_CONFLICT is shared with the ledger: see RecipientErrors.VERSION_CONFLICT.
export const PolicyErrors = defineErrors('CASES', {
  UNKNOWN_POLICY: {
    status: 422,
    zh: '政策代码不存在或已停用',
    en: 'Unknown or inactive policy code',
  },
  INVALID_REFERRAL_TRANSITION: {
    status: 409,
    zh: '转介状态不允许此操作',
    en: 'This referral cannot make that transition',
  },
  INVALID_REFERRAL_DATES: {
    status: 422,
    zh: '转介日期无效',
    en: 'The referral dates are not valid',
  },
});
