import { regionOwnershipProblems } from '@wushe/platform';
import { Prisma } from '../generated/prisma';
import { FundingDb } from './funding-db';

describe('FundingDb', () => {
  it('declares every model with a region column, as region-owned or with the reason it is not', () => {
    expect(regionOwnershipProblems(Prisma.dmmf.datamodel, FundingDb)).toEqual([]);
  });
});
