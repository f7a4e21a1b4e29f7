import { MATRIX_ROLES } from '@wushe/testing';
import { ROLES } from '../src/auth/principal';

it('the access matrix calls routes as every role a token can carry, no more and no fewer', () => {
  expect([...MATRIX_ROLES].sort()).toEqual([...ROLES].sort());
});
