import { regionOwnershipProblems } from '@wushe/platform';
import { Prisma } from '../generated/prisma';
import { VolunteersDb } from './volunteers-db';

describe('VolunteersDb', () => {
  it('declares every model with a region column, as region-owned or with the reason it is not', () => {
    expect(regionOwnershipProblems(Prisma.dmmf.datamodel, VolunteersDb)).toEqual([]);
  });
});
