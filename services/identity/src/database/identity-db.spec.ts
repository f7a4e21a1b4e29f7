import { regionOwnershipProblems } from '@wushe/platform';
import { Prisma } from '../generated/prisma';
import { IdentityDb } from './identity-db';

describe('IdentityDb', () => {
  it('declares every model with a region column, as region-owned or with the reason it is not', () => {
    expect(regionOwnershipProblems(Prisma.dmmf.datamodel, IdentityDb)).toEqual([]);
  });
});
