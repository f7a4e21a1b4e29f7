import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { IdentityTestApp, seedAccount, seedRegions, startIdentityApp } from './support/identity-app';

describe('granting and revoking roles', () => {
  let t: IdentityTestApp;
  let tokens: Record<'county' | 'sibling' | 'city' | 'worker', string>;
  const target = uuidv7();

  beforeAll(async () => {
    t = await startIdentityApp();
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
    const a = t.env.authority;
    tokens = {
      county: await a.token(uuidv7(), [{ role: 'county_admin', region: '430703' }]),
      sibling: await a.token(uuidv7(), [{ role: 'county_admin', region: '430702' }]),
      city: await a.token(uuidv7(), [{ role: 'city_admin', region: '4307' }]),
      worker: await a.token(uuidv7(), [{ role: 'station_worker', region: '430703100' }]),
    };
  });
  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const grant = (token: string, body: unknown, account = target) =>
    http()
      .post(`/api/v1/identity/accounts/${account}/grants`)
      .set('authorization', `Bearer ${token}`)
      .send(body as object);
  const count = async (table: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('lets a county admin grant a station role in its county, with audit and event in one transaction', async () => {
    const res = await grant(tokens.county, { role: 'station_worker', region: '430703100' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      accountId: target,
      role: 'station_worker',
      region: '430703100',
      revokedAt: null,
    });
    const audit = await t.db.query(
      "SELECT action, target_id FROM audit_entry WHERE action = 'grant.created'",
    );
    expect(audit.rows).toEqual([{ action: 'grant.created', target_id: target }]);
    const events = await t.db.query(
      "SELECT envelope FROM outbox_event WHERE subject = 'identity.grant.created.v1'",
    );
    expect(events.rows[0].envelope).toMatchObject({
      regioncode: '430703100',
      data: { role: 'station_worker' },
    });
  });

  it('refuses a second identical active grant', async () => {
    const res = await grant(tokens.county, { role: 'station_worker', region: '430703100' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDENTITY.GRANT_EXISTS');
  });

  it('answers each refusal with its code and writes nothing', async () => {
    const before = [await count('role_grant'), await count('audit_entry'), await count('outbox_event')];
    const cases: Array<[string, unknown, number, string]> = [
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
    const list = (token: string) =>
      http().get(`/api/v1/identity/accounts/${target}/grants`).set('authorization', `Bearer ${token}`);
    const county = await list(tokens.county);
    expect(county.status).toBe(200);
    expect(county.body.map((g: { role: string }) => g.role).sort()).toEqual(['station_worker', 'supervisor']);
    expect((await list(tokens.city)).body).toHaveLength(2);
    expect((await list(tokens.sibling)).status).toBe(404);
    expect((await list(tokens.worker)).status).toBe(403);
  });

  it('revokes only what the caller could have granted', async () => {
    const { rows } = await t.db.query("SELECT id FROM role_grant WHERE role = 'station_worker'");
    const path = `/api/v1/identity/accounts/${target}/grants/${rows[0].id}`;
    expect((await http().delete(path).set('authorization', `Bearer ${tokens.sibling}`)).status).toBe(404);
    const res = await http().delete(path).set('authorization', `Bearer ${tokens.county}`);
    expect(res.status).toBe(200);
    expect(res.body.revokedAt).not.toBeNull();
    expect((await http().delete(path).set('authorization', `Bearer ${tokens.county}`)).status).toBe(404);
    const events = await t.db.query(
      "SELECT count(*)::int AS n FROM outbox_event WHERE subject = 'identity.grant.revoked.v1'",
    );
    expect(events.rows[0].n).toBe(1);
  });
});
