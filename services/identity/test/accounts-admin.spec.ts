import { claimsOf, login } from './support/accounts';
import { seedRegions } from './support/identity-app';
import { useIdentityApp } from './support/identity-spec';

describe('administrators create accounts with their roles', () => {
  const t = useIdentityApp();
  let tokens: Record<'county' | 'sibling' | 'city' | 'worker', string>;
  const phone = '13912345678';
  const password = 'Dingcheng-Station-2026';

  beforeAll(async () => {
    await seedRegions(t.db, {
      '43': '湖南省',
      '4307': '常德市',
      '430703': '鼎城区',
      '430702': '武陵区',
      '430703100': '某镇',
    });
    tokens = {
      county: await t.as('county_admin', '430703'),
      sibling: await t.as('county_admin', '430702'),
      city: await t.as('city_admin', '4307'),
      worker: await t.as('station_worker', '430703100'),
    };
  });

  const create = (token: string, body: object) => t.post(token, '/accounts', body);
  const counts = async () =>
    Promise.all(['account', 'role_grant', 'outbox_event'].map((table) => t.count(table)));

  it('creates the account and its grants in one go; the person can log in and holds the roles', async () => {
    const res = await create(tokens.county, {
      phone,
      password,
      displayName: '站点社工',
      grants: [{ role: 'station_worker', region: '430703100' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({ kind: 'user', status: 'active' });
    expect(res.body.grants).toEqual([
      expect.objectContaining({ role: 'station_worker', region: '430703100' }),
    ]);

    const raw = await t.rows('SELECT phone_encrypted, phone_hash FROM account WHERE id = $1', [
      res.body.account.id,
    ]);
    expect(JSON.stringify(raw)).not.toContain(phone);

    const session = await login(t, phone, password);
    expect(session.status).toBe(200);
    expect(claimsOf(session.body.accessToken).grants).toEqual([
      { role: 'station_worker', region: '430703100' },
    ]);
  });

  it('refuses bad requests with stable codes and writes nothing', async () => {
    const before = await counts();
    const cases: Array<[string, object, number, string]> = [
      [
        tokens.county,
        { phone, password, displayName: 'x', grants: [{ role: 'point_worker', region: '430703100' }] },
        409,
        'IDENTITY.PHONE_TAKEN',
      ],
      [
        tokens.county,
        {
          phone: '13900000001',
          password: 'short',
          displayName: 'x',
          grants: [{ role: 'point_worker', region: '430703100' }],
        },
        400,
        'IDENTITY.WEAK_PASSWORD',
      ],
      [
        tokens.county,
        {
          phone: '1390000',
          password,
          displayName: 'x',
          grants: [{ role: 'point_worker', region: '430703100' }],
        },
        400,
        'IDENTITY.INVALID_PHONE',
      ],
      [
        tokens.county,
        {
          phone: '13900000002',
          password,
          displayName: 'x',
          grants: [{ role: 'point_worker', region: '430702100' }],
        },
        403,
        'IDENTITY.GRANT_OUTSIDE_SCOPE',
      ],
      [
        tokens.county,
        { phone: '13900000003', password, displayName: 'x', grants: [] },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        tokens.county,
        {
          phone: '13900000004',
          password,
          displayName: 'x',
          grants: [{ role: 'point_worker', region: '430703100' }],
          admin: true,
        },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        tokens.worker,
        {
          phone: '13900000005',
          password,
          displayName: 'x',
          grants: [{ role: 'point_worker', region: '430703100' }],
        },
        403,
        'COMMON.FORBIDDEN',
      ],
    ];
    for (const [token, body, status, code] of cases) {
      const res = await create(token, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    expect(await counts()).toEqual(before);
  });

  it('lists accounts with grants in the caller’s regions, showing only those grants', async () => {
    const list = (token: string) => t.get(token, '/accounts');
    const county = await list(tokens.county);
    expect(county.status).toBe(200);
    expect(county.body.items).toHaveLength(1);
    expect(county.body.items[0].grants.map((g: { role: string }) => g.role)).toEqual(['station_worker']);
    expect((await list(tokens.city)).body.items).toHaveLength(1);
    expect((await list(tokens.sibling)).body.items).toEqual([]);
    expect((await list(tokens.worker)).status).toBe(403);
  });
});
