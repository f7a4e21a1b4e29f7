import { defineErrors } from '@wushe/platform';
import { IdentityErrors } from '../shared/identity.errors';

// Stable codes of the accounts and tokens capability. Wrong phone, wrong password and a disabled
// account share INVALID_CREDENTIALS on purpose: a login must not tell whether a phone is registered.
export const AccountErrors = {
  ...IdentityErrors,
  ...defineErrors('IDENTITY', {
    INVALID_PHONE: { status: 400, zh: '手机号格式不正确', en: 'The mobile number is not valid' },
    PHONE_TAKEN: { status: 409, zh: '该手机号已注册', en: 'An account with this mobile number exists' },
    WEAK_PASSWORD: {
      status: 400,
      zh: '密码强度不足：至少 12 位且包含大写、小写、数字、符号中的三类，或至少 16 位；不能包含手机号',
      en: 'Password too weak: 12+ characters from 3 of upper, lower, digit, symbol, or 16+ characters; must not contain the mobile number',
    },
    INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码错误', en: 'Wrong mobile number or password' },
    ACCOUNT_LOCKED: {
      status: 423,
      zh: '登录失败次数过多，账号已暂时锁定',
      en: 'Too many failed logins; the account is locked for a while',
    },
    TOO_MANY_ATTEMPTS: {
      status: 429,
      zh: '登录尝试过于频繁，请稍后再试',
      en: 'Too many login attempts from this address; try again later',
    },
    INVALID_REFRESH_TOKEN: {
      status: 401,
      zh: '刷新令牌无效或已过期，请重新登录',
      en: 'The refresh token is invalid, expired or revoked; log in again',
    },
    REFRESH_REUSED: {
      status: 401,
      zh: '刷新令牌被重复使用，该登录会话已全部注销，请重新登录',
      en: 'The refresh token was already used; every token of this session is revoked, log in again',
    },
    INVALID_CLIENT: { status: 401, zh: '客户端凭证无效', en: 'Invalid client credentials' },
    UNSUPPORTED_GRANT_TYPE: {
      status: 400,
      zh: '不支持的授权类型（仅支持 client_credentials）',
      en: 'Unsupported grant_type (only client_credentials)',
    },
  }),
};
