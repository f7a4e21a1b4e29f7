import { DomainError } from '../errors/domain-error';
import type { Grant, Principal } from '../auth/principal';
import { RegionScope } from './region-scope';
import { scopedModel } from './scoped-model';

const principal = (grants: Grant[], subject = 'u-1'): Principal => ({ subject, kind: 'user', grants });

describe('RegionScope', () => {
  it('keeps only the shortest prefixes, deduplicated and sorted', () => {
    const scope = RegionScope.of(
      principal([
        { role: 'point_worker', region: '430703100001' },
        { role: 'county_admin', region: '430703' },
        { role: 'station_worker', region: '430703100' },
        { role: 'city_admin', region: '4401' },
        { role: 'supervisor', region: '4401' },
        { role: 'supervisor', region: '430702' },
      ]),
    );
    expect(scope.prefixes).toEqual(['430702', '430703', '4401']);
    expect(scope.reason).toBe('principal:u-1');
  });

  it('keeps sibling regions that only share leading digits', () => {
    const scope = RegionScope.of(
      principal([
        { role: 'supervisor', region: '430703' },
        { role: 'supervisor', region: '430704' },
      ]),
    );
    expect(scope.prefixes).toEqual(['430703', '430704']);
  });

  it('counts only grants with one of the requested roles, and ignores organization grants', () => {
    const p = principal([
      { role: 'county_admin', region: '430703' },
      { role: 'auditor', region: '44' },
      { role: 'organization_admin', organization: 'org-1' },
    ]);
    expect(RegionScope.of(p, ['county_admin']).prefixes).toEqual(['430703']);
    expect(RegionScope.of(p, ['auditor', 'county_admin']).prefixes).toEqual(['430703', '44']);
    expect(RegionScope.of(p, ['organization_admin']).prefixes).toEqual([]);
    expect(RegionScope.of(p).prefixes).toEqual(['430703', '44']);
  });

  it('an empty scope covers nothing and its where() matches nothing', () => {
    const scope = RegionScope.of(principal([]));
    expect(scope.prefixes).toEqual([]);
    expect(scope.covers('430703100001')).toBe(false);
    expect(scope.covers('')).toBe(false);
    expect(scope.likePatterns()).toEqual([]);
    expect(scope.where('regionCode')).toEqual({ regionCode: { in: [] } });
    expect(() => scope.assertCovers('43')).toThrow(DomainError);
  });

  it('a system scope covers everything, needs no condition, and names its reason', () => {
    const scope = RegionScope.system('outbox-sweep');
    expect(scope.prefixes).toBe('all');
    expect(scope.reason).toBe('system:outbox-sweep');
    expect(scope.covers('110101001001')).toBe(true);
    expect(scope.likePatterns()).toBe('all');
    expect(scope.where('regionCode')).toEqual({});
    expect(() => scope.assertCovers('650000')).not.toThrow();
  });

  it('covers codes under its prefixes only', () => {
    const scope = RegionScope.of(principal([{ role: 'station_worker', region: '430703100' }]));
    expect(scope.covers('430703100001')).toBe(true);
    expect(scope.covers('430703100')).toBe(true);
    expect(scope.covers('430703101001')).toBe(false);
    expect(scope.covers('430703')).toBe(false); // a parent region is not inside a child scope
  });

  it('assertCovers throws COMMON.OUT_OF_SCOPE (403) naming the code', () => {
    const scope = RegionScope.of(principal([{ role: 'station_worker', region: '430703100' }]));
    expect(() => scope.assertCovers('430703100001')).not.toThrow();
    let thrown: unknown;
    try {
      scope.assertCovers('440103001001');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'COMMON.OUT_OF_SCOPE',
      status: 403,
      details: { regionCode: '440103001001' },
    });
  });

  it('gives LIKE patterns and a Prisma where fragment per prefix', () => {
    const scope = RegionScope.of(
      principal([
        { role: 'supervisor', region: '4401' },
        { role: 'supervisor', region: '430703' },
      ]),
    );
    expect(scope.likePatterns()).toEqual(['430703%', '4401%']);
    expect(scope.where('villageCode')).toEqual({
      OR: [{ villageCode: { startsWith: '430703' } }, { villageCode: { startsWith: '4401' } }],
    });
  });
});

describe('scopedModel', () => {
  interface Row {
    id: string;
  }
  /** Records what the wrapper passes on; the Prisma delegate shape is all scopedModel needs. */
  function recordingDelegate() {
    const calls: Array<{ method: string; args: unknown }> = [];
    const delegate = {
      findMany: (args?: { where?: object; take?: number }) => (
        calls.push({ method: 'findMany', args }),
        Promise.resolve<Row[]>([])
      ),
      findFirst: (args?: { where?: object }) => (
        calls.push({ method: 'findFirst', args }),
        Promise.resolve<Row | null>(null)
      ),
      count: (args?: { where?: object }) => (calls.push({ method: 'count', args }), Promise.resolve(0)),
    };
    return { delegate, calls };
  }
  const county = RegionScope.of(principal([{ role: 'county_admin', region: '430703' }]));
  const countyWhere = { OR: [{ regionCode: { startsWith: '430703' } }] };

  it('ANDs the scope with the caller’s where and keeps the other arguments', async () => {
    const { delegate, calls } = recordingDelegate();
    const model = scopedModel(delegate, 'regionCode');
    await model.findMany(county, { where: { status: 'open' }, take: 10 } as never);
    expect(calls).toEqual([
      { method: 'findMany', args: { where: { status: 'open', AND: [countyWhere] }, take: 10 } },
    ]);
  });

  it('uses the scope alone when the caller gives no where (or no arguments)', async () => {
    const { delegate, calls } = recordingDelegate();
    const model = scopedModel(delegate, 'regionCode');
    await model.findFirst(county);
    await model.count(county, {});
    expect(calls).toEqual([
      { method: 'findFirst', args: { where: countyWhere } },
      { method: 'count', args: { where: countyWhere } },
    ]);
  });

  it('a caller’s OR cannot widen the scope: it stays inside the AND', async () => {
    const { delegate, calls } = recordingDelegate();
    const model = scopedModel(delegate, 'regionCode');
    await model.count(county, { where: { OR: [{ regionCode: { startsWith: '44' } }] } } as never);
    expect(calls[0].args).toEqual({
      where: { OR: [{ regionCode: { startsWith: '44' } }], AND: [countyWhere] },
    });
  });

  it('an empty scope confines to nothing; a system scope adds no condition', async () => {
    const { delegate, calls } = recordingDelegate();
    const model = scopedModel(delegate, 'regionCode');
    await model.findMany(RegionScope.of(principal([])));
    await model.findMany(RegionScope.system('report'), { where: { id: 'x' } } as never);
    expect(calls.map((c) => c.args)).toEqual([{ where: { regionCode: { in: [] } } }, { where: { id: 'x' } }]);
  });

  it('calls the delegate with itself as this and returns its result', async () => {
    const rows = [{ id: 'r1' }];
    const delegate = {
      rows,
      findMany(this: { rows: Row[] }) {
        return Promise.resolve(this.rows);
      },
      findFirst: () => Promise.resolve(null),
      count: () => Promise.resolve(0),
    };
    await expect(scopedModel(delegate, 'regionCode').findMany(county)).resolves.toBe(rows);
  });
});

describe('RegionScope.includingAncestors', () => {
  const worker: Principal = {
    subject: 'w',
    kind: 'user',
    grants: [{ role: 'station_worker', region: '430703100' }],
  };

  it('also reads rows filed at the ancestors of one’s regions, and nothing beside them', () => {
    const scope = RegionScope.of(worker).includingAncestors();
    expect(scope.ancestors).toEqual(['43', '4307', '430703']);
    for (const code of ['430703100', '430703100001', '430703', '4307', '43'])
      expect(scope.covers(code)).toBe(true);
    for (const code of ['430702', '430703101', '4308', '44']) expect(scope.covers(code)).toBe(false);
    expect(scope.where('regionCode')).toEqual({
      OR: [{ regionCode: { startsWith: '430703100' } }, { regionCode: { in: ['43', '4307', '430703'] } }],
    });
    expect(scope.likePatterns()).toEqual(['430703100%', '43', '4307', '430703']);
  });

  it('leaves the scope itself and the system scope unchanged', () => {
    expect(RegionScope.of(worker).ancestors).toEqual([]);
    expect(RegionScope.system('test').includingAncestors().prefixes).toBe('all');
  });
});
