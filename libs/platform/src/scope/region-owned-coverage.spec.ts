import { regionOwnershipProblems } from './region-owned-coverage';

const field = (name: string, dbName: string | null = null, type = 'String') => ({
  name,
  kind: 'scalar',
  type,
  dbName,
});
const datamodel = {
  models: [
    { name: 'Visit', fields: [field('id'), field('villageCode', 'village_code')] },
    { name: 'StaffCopy', fields: [field('id'), field('regionCode', 'region_code')] },
    { name: 'Difference', fields: [field('ledgerVillage', 'ledger_village')] },
    { name: 'Region', fields: [field('code'), field('parentCode', 'parent_code')] },
    { name: 'Referral', fields: [field('policyCode', 'policy_code')] },
  ],
};

describe('regionOwnershipProblems', () => {
  it('accepts a declaration covering every model with a region column', () => {
    expect(
      regionOwnershipProblems(datamodel, {
        regionOwned: { visit: 'villageCode' },
        notRegionOwned: { staffCopy: 'a copy', difference: 'part of its import' },
      }),
    ).toEqual([]);
  });

  it('names a model with a region column that is neither declared nor excused', () => {
    expect(
      regionOwnershipProblems(datamodel, { regionOwned: { visit: 'villageCode' }, notRegionOwned: {} }),
    ).toEqual([
      'staffCopy: has regionCode but is not declared region-owned',
      'difference: has ledgerVillage but is not declared region-owned',
    ]);
  });

  it('refuses a field raw SQL cannot find, stale names and excuses without a reason', () => {
    const mapped = { models: [{ name: 'Visit', fields: [field('villageCode', 'village')] }] };
    expect(
      regionOwnershipProblems(mapped, { regionOwned: { visit: 'villageCode' }, notRegionOwned: {} }),
    ).toEqual(['visit: villageCode is mapped to village, raw SQL expects village_code']);
    expect(
      regionOwnershipProblems(datamodel, {
        regionOwned: { visit: 'villageCode', gone: 'regionCode' },
        notRegionOwned: { staffCopy: ' ', region: 'the tree', difference: 'x' },
      }),
    ).toEqual([
      'staffCopy: has regionCode but is not declared region-owned',
      'region: excused as not region-owned but has no region column',
      'gone: no such model',
    ]);
  });
});
