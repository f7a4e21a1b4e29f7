import { regionOwnershipProblems } from '@wushe/platform';
import { Prisma } from '../generated/prisma';
import { CasesDb } from './cases-db';

describe('CasesDb', () => {
  it('declares every model with a region column, as region-owned or with the reason it is not', () => {
    expect(regionOwnershipProblems(Prisma.dmmf.datamodel, CasesDb)).toEqual([]);
  });
});
