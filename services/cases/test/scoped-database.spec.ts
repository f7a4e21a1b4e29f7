import { PrismaPg } from '@prisma/adapter-pg';
import { Principal, RegionScope, ScopedDatabase } from '@wushe/platform';
import { createTestDatabase, newRunId, TestDatabase } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { PrismaClient } from '../src/generated/prisma';

/**
 * libs/platform's ScopedDatabase on a real generated client (cases' referrals and programmes) in a
 * per-run schema: reads confined, writes outside the scope refused, updates and deletes constrained.
 */
const INSIDE = '110101001001';
const OUTSIDE = '120101001001';

const principal = (...regions: string[]): Principal =>
  ({
    subject: 'spec',
    kind: 'user',
    grants: regions.map((region) => ({ role: 'station_worker' as const, region })),
  }) as Principal;

describe('ScopedDatabase (libs/platform) on the cases client', () => {
  let database: TestDatabase;
  let client: PrismaClient;
  let db: ScopedDatabase<PrismaClient, { referral: 'villageCode'; programme: 'regionCode' }>;
  const mine = RegionScope.of(principal('110101'));
  const system = RegionScope.system('scoped-database spec');

  beforeAll(async () => {
    database = await createTestDatabase('cases', newRunId());
    client = new PrismaClient({ adapter: new PrismaPg(database.pool, { schema: database.schema }) });
    db = new ScopedDatabase(client, { referral: 'villageCode', programme: 'regionCode' } as const);
    // The migrations seed the policy catalogue, 低保 (dibao) among it.
  });

  afterAll(async () => {
    await client.$disconnect();
    await database.drop();
  });

  const referral = (villageCode: string) => ({
    id: uuidv7(),
    recipientId: uuidv7(),
    villageCode,
    policyCode: 'dibao',
    reasonsEncrypted: 'x',
    createdBy: 'spec',
  });

  it('creates inside the scope and refuses a create outside it with OUT_OF_SCOPE', async () => {
    const inside = referral(INSIDE);
    await expect(db.scoped.referral.create(mine, { data: inside })).resolves.toMatchObject({ id: inside.id });
    await expect(db.scoped.referral.create(mine, { data: referral(OUTSIDE) })).rejects.toMatchObject({
      code: 'COMMON.OUT_OF_SCOPE',
    });
    await expect(
      db.scoped.referral.createMany(mine, { data: [referral(INSIDE), referral(OUTSIDE)] }),
    ).rejects.toMatchObject({ code: 'COMMON.OUT_OF_SCOPE' });
    expect(await db.scoped.referral.count(system, { where: { villageCode: OUTSIDE } })).toBe(0);
  });

  it('reads only what the scope covers, a unique lookup included', async () => {
    const outside = referral(OUTSIDE);
    await db.scoped.referral.create(system, { data: outside });
    expect(await db.scoped.referral.findUnique(mine, { where: { id: outside.id } })).toBeNull();
    expect(await db.scoped.referral.findFirst(mine, { where: { id: outside.id } })).toBeNull();
    expect(await db.scoped.referral.findUnique(system, { where: { id: outside.id } })).toMatchObject({
      villageCode: OUTSIDE,
    });
    const all = await db.scoped.referral.findMany(mine);
    expect(all.every((r) => r.villageCode.startsWith('110101'))).toBe(true);
    expect(await db.scoped.referral.count(RegionScope.of(principal()))).toBe(0);
  });

  it('confines updates and deletes to the scope and refuses moving a row out of it', async () => {
    const outside = referral(OUTSIDE);
    const inside = referral(INSIDE);
    await db.scoped.referral.createMany(system, { data: [outside, inside] });

    const { count } = await db.scoped.referral.updateMany(mine, {
      where: { id: { in: [outside.id, inside.id] } },
      data: { status: 'submitted' },
    });
    expect(count).toBe(1);
    await expect(
      db.scoped.referral.update(mine, { where: { id: outside.id }, data: { status: 'rejected' } }),
    ).rejects.toMatchObject({ code: 'P2025' });
    await expect(
      db.scoped.referral.update(mine, { where: { id: inside.id }, data: { villageCode: OUTSIDE } }),
    ).rejects.toMatchObject({ code: 'COMMON.OUT_OF_SCOPE' });
    expect((await db.scoped.referral.deleteMany(mine, { where: { id: outside.id } })).count).toBe(0);
    await expect(db.scoped.referral.delete(mine, { where: { id: outside.id } })).rejects.toMatchObject({
      code: 'P2025',
    });

    const after = await db.scoped.referral.findMany(system, {
      where: { id: { in: [outside.id, inside.id] } },
    });
    expect(Object.fromEntries(after.map((r) => [r.villageCode, r.status]))).toEqual({
      [OUTSIDE]: 'suggested',
      [INSIDE]: 'submitted',
    });
  });

  it('hands transactions the scoped models only, in the same transaction', async () => {
    const inside = referral(INSIDE);
    await expect(
      db.$transaction(async (tx) => {
        expect((tx as unknown as Record<string, unknown>).referral).toBeUndefined();
        await tx.scoped.referral.create(mine, { data: inside });
        expect(await tx.scoped.referral.findFirst(mine, { where: { id: inside.id } })).not.toBeNull();
        await tx.$executeRawUnsafe('SELECT 1');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.scoped.referral.findFirst(system, { where: { id: inside.id } })).toBeNull();
    expect((db.unscoped as unknown as Record<string, unknown>).referral).toBeUndefined();
    expect(await db.unscoped.assistancePolicy.count({ where: { code: 'dibao' } })).toBe(1);
  });

  it('lets a reading scope see ancestors but not write there', async () => {
    const township = RegionScope.of(principal('110101001')).includingAncestors();
    const county = { id: uuidv7(), code: `p-${uuidv7()}`, name: 'p', regionCode: '110101' };
    const programme = { ...county, startsOn: new Date('2026-01-01'), measures: [], createdBy: 'spec' };
    await db.scoped.programme.create(system, { data: programme });
    expect(await db.scoped.programme.findFirst(township, { where: { id: county.id } })).not.toBeNull();
    await expect(
      db.scoped.programme.update(township, { where: { id: county.id }, data: { regionCode: '110101' } }),
    ).rejects.toMatchObject({ code: 'COMMON.OUT_OF_SCOPE' });
    await expect(
      db.scoped.programme.create(township, { data: { ...programme, id: uuidv7(), code: `q-${uuidv7()}` } }),
    ).rejects.toMatchObject({ code: 'COMMON.OUT_OF_SCOPE' });
  });

  it('gives raw SQL the same scope for a declared model', async () => {
    const { sql, value } = db.sqlScope('referral', mine, 1, 'r');
    expect(sql).toBe('($1::text[] IS NULL OR r.village_code LIKE ANY($1::text[]))');
    const { rows } = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM referral r WHERE NOT (r.village_code LIKE '110101%') AND ${sql}`,
      [value],
    );
    expect(rows[0].n).toBe(0);
    expect(db.sqlScope('programme', system, 2).value).toBeNull();
  });
});
