import { defineErrors } from '@wushe/platform';

export const HouseholdErrors = defineErrors('CASES', {
  HOUSEHOLD_HAS_HEAD: {
    status: 409,
    zh: '该户已有户主',
    en: 'The household already has a head',
  },
  RECIPIENT_IN_HOUSEHOLD: {
    status: 409,
    zh: '该对象已属于一个家庭',
    en: 'The recipient already belongs to a household',
  },
});
