import { v7 as uuidv7 } from 'uuid';
import { seedAccount, seedGrant, seedRegions } from './support/identity-app';
import { useIdentityApp } from './support/identity-spec';

describe('granting and revoking roles', () => {
  const t = useIdentityApp();
  const { count } = t;
  let tokens: Record<'county' | 'sibling' | 'city' | 'worker', string>;
  const target = uuidv7();

  beforeAll(async () => {
    await seedRegions(t.db, {
      '43': '湖南省',
      '4307': '常德市',
      '430703': '鼎城区',
      '430702': '武陵区',
      '430703100': '某镇',
      '430702100': '某街道',
      '430703100001': '某村',
    });
    await seedAccount(t.db, target);
    tokens = {
      county: await t.as('county_admin', '430703'),
      sibling: await t.as('county_admin', '430702'),
      city: await t.as('city_admin', '4307'),
      worker: await t.as('station_worker', '430703100'),
    };
  });

  const grant = (token: string, body: object, account = target) =>
    t.post(token, `/accounts/${account}/grants`, body);

  it('lets a county admin grant a station role in its county, with audit and event in one transaction', async () => {
    const res = await grant(tokens.county, { role: 'station_worker', region: '430703100' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      accountId: target,
      role: 'station_worker',
      region: '430703100',
      revokedAt: null,
    });
    const audit = await t.rows("SELECT action, target_id FROM audit_entry WHERE action = 'grant.created'");
    expect(audit).toEqual([{ action: 'grant.created', target_id: target }]);
    const events = await t.rows<{ envelope: object }>(
      "SELECT envelope FROM outbox_event WHERE subject = 'identity.grant.created.v1'",
    );
    expect(events[0].envelope).toMatchObject({
      regioncode: '430703100',
      data: { role: 'station_worker' },
    });
  });

  it('treats an account that belongs entirely to another county as unknown (404, like a missing id) and writes nothing', async () => {
    const elsewhere = await seedAccount(t.db, uuidv7());
    await seedGrant(t.db, elsewhere, 'station_worker', '430703100');
    const before = [await count('role_grant'), await count('audit_entry'), await count('outbox_event')];
    const body = { role: 'station_worker', region: '430702100' };
    const taken = await grant(tokens.sibling, body, elsewhere);
    const missing = await grant(tokens.sibling, body, uuidv7());
    expect([taken.status, taken.body.code]).toEqual([404, 'IDENTITY.ACCOUNT_NOT_FOUND']);
    expect([missing.status, missing.body.code]).toEqual([404, 'IDENTITY.ACCOUNT_NOT_FOUND']);
    expect([await count('role_grant'), await count('audit_entry'), await count('outbox_event')]).toEqual(
      before,
    );
    // Once the account also holds a role in the county, the county may grant it more.
    expect((await grant(tokens.city, body, elsewhere)).status).toBe(201);
    expect((await grant(tokens.sibling, { role: 'auditor', region: '430702' }, elsewhere)).status).toBe(201);
  });

  it('refuses a second identical active grant', async () => {
    const res = await grant(tokens.county, { role: 'station_worker', region: '430703100' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDENTITY.GRANT_EXISTS');
  });

  it('answers each refusal with its code and writes nothing', async () => {
    const before = [await count('role_grant'), await count('audit_entry'), await count('outbox_event')];
    const cases: Array<[string, object, number, string]> = [
      [tokens.sibling, { role: 'station_worker', region: '430703100' }, 403, 'IDENTITY.GRANT_OUTSIDE_SCOPE'],
      [tokens.county, { role: 'auditor', region: '4307' }, 403, 'IDENTITY.GRANT_OUTSIDE_SCOPE'],
      [tokens.county, { role: 'service_account', region: '430703' }, 403, 'IDENTITY.GRANT_ABOVE_OWN_LEVEL'],
      [tokens.county, { role: 'station_worker', region: '430703' }, 422, 'IDENTITY.ROLE_REGION_MISMATCH'],
      [tokens.county, { role: 'station_worker', region: '430703199' }, 422, 'IDENTITY.UNKNOWN_REGION'],
      [tokens.worker, { role: 'point_worker', region: '430703100001' }, 403, 'COMMON.FORBIDDEN'],
      [tokens.county, { role: 'emperor', region: '430703' }, 400, 'COMMON.VALIDATION_FAILED'],
      [tokens.county, { role: 'point_worker' }, 400, 'COMMON.VALIDATION_FAILED'],
    ];
    for (const [token, body, status, code] of cases) {
      const res = await grant(token, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    const unknownAccount = await grant(
      tokens.county,
      { role: 'point_worker', region: '430703100001' },
      uuidv7(),
    );
    expect(unknownAccount.status).toBe(404);
    expect([await count('role_grant'), await count('audit_entry'), await count('outbox_event')]).toEqual(
      before,
    );
  });

  it('lets a parent region grant below it', async () => {
    const res = await grant(tokens.city, { role: 'supervisor', region: '430703' });
    expect(res.status).toBe(201);
  });

  it('shows an account’s grants to its region’s readers only', async () => {
    const list = (token: string) => t.get(token, `/accounts/${target}/grants`);
    const county = await list(tokens.county);
    expect(county.status).toBe(200);
    expect(county.body.map((g: { role: string }) => g.role).sort()).toEqual(['station_worker', 'supervisor']);
    expect((await list(tokens.city)).body).toHaveLength(2);
    expect((await list(tokens.sibling)).status).toBe(404);
    expect((await list(tokens.worker)).status).toBe(403);
  });

  it('revokes only what the caller could have granted', async () => {
    const [stationWorker] = await t.rows<{ id: string }>(
      "SELECT id FROM role_grant WHERE role = 'station_worker'",
    );
    const path = `/accounts/${target}/grants/${stationWorker.id}`;
    const revoke = (token: string) => t.request('delete', token, path);
    expect((await revoke(tokens.sibling)).status).toBe(404);
    const res = await revoke(tokens.county);
    expect(res.status).toBe(200);
    expect(res.body.revokedAt).not.toBeNull();
    expect((await revoke(tokens.county)).status).toBe(404);
    expect(await count("outbox_event WHERE subject = 'identity.grant.revoked.v1'")).toBe(1);
  });
});
