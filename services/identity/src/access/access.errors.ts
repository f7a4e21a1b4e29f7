import { defineErrors } from '@wushe/platform';
import { IdentityErrors } from '../shared/identity.errors';

export const AccessErrors = {
  ...IdentityErrors,
  ...defineErrors('IDENTITY', {
    NOT_A_GRANTER: { status: 403, zh: '只有管理员可以授予角色', en: 'Only administrators grant roles' },
    GRANT_OUTSIDE_SCOPE: {
      status: 403,
      zh: '不能在您的管辖范围之外授予角色',
      en: 'You cannot grant a role outside your own regions',
    },
    GRANT_ABOVE_OWN_LEVEL: {
      status: 403,
      zh: '不能授予高于您自身级别的角色',
      en: 'You cannot grant a role above your own level',
    },
    ROLE_REGION_MISMATCH: {
      status: 422,
      zh: '该角色不能在此级别的区划上授予',
      en: 'This role cannot be held at this level of region',
    },
    GRANT_NOT_FOUND: { status: 404, zh: '授权不存在', en: 'Grant not found' },
    GRANT_EXISTS: {
      status: 409,
      zh: '该账号已在此范围拥有此角色',
      en: 'The account already holds this role here',
    },
  }),
};

export type GrantRefusalCode =
  'NOT_A_GRANTER' | 'GRANT_OUTSIDE_SCOPE' | 'GRANT_ABOVE_OWN_LEVEL' | 'ROLE_REGION_MISMATCH';
