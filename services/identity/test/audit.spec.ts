import { v7 as uuidv7 } from 'uuid';
import { seedAccount, seedRegions } from './support/identity-app';
import { useIdentityApp } from './support/identity-spec';

describe('audit log', () => {
  const t = useIdentityApp();
  const { count } = t;
  const target = uuidv7();

  beforeAll(async () => {
    await seedRegions(t.db, { '43': '湖南省', '4307': '常德市', '430703': '鼎城区', '430703100': '某镇' });
    await seedAccount(t.db, target);
    const county = await t.as('county_admin', '430703');
    const res = await t
      .post(county, `/accounts/${target}/grants`, { role: 'station_worker', region: '430703100' })
      .set('user-agent', 'audit-test/1.0');
    expect(res.status).toBe(201);
  });

  it('records who, what, when and from where', async () => {
    const rows = await t.rows<{ actor_id: string; action: string; target_id: string; ip: string }>(
      "SELECT actor_id, action, target_id, ip, user_agent FROM audit_entry WHERE action = 'grant.created'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'grant.created',
      target_id: target,
      user_agent: 'audit-test/1.0',
    });
    expect(rows[0].actor_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0].ip).toBeTruthy();
  });

  it('refuses updates and deletes in the database itself', async () => {
    await expect(t.db.query("UPDATE audit_entry SET action = 'auth.login'")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
  });

  it('lets only the retention purge delete, and only entries older than six months', async () => {
    const before = await count('audit_entry');
    await t.db.query(
      "INSERT INTO audit_entry (id, at, action) VALUES ($1, now() - interval '7 months', 'auth.login')",
      [uuidv7()],
    );
    const client = await t.db.connect();
    try {
      // The purge flag does not unlock recent entries…
      await client.query('BEGIN');
      await client.query("SET LOCAL wushe.audit_purge = 'on'");
      await expect(client.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
      await client.query('ROLLBACK');
      // …only those past the retention period.
      await client.query('BEGIN');
      await client.query("SET LOCAL wushe.audit_purge = 'on'");
      const purged = await client.query("DELETE FROM audit_entry WHERE at < now() - interval '6 months'");
      await client.query('COMMIT');
      expect(purged.rowCount).toBe(1);
    } finally {
      client.release();
    }
    expect(await count('audit_entry')).toBe(before);
  });

  it('is readable by province-level auditors and admins only', async () => {
    const read = (token: string) => t.get(token, '/audit?action=grant.created');
    const auditor = await read(await t.as('auditor', '43'));
    expect(auditor.status).toBe(200);
    expect(auditor.body.items).toHaveLength(1);
    const cityAdmin = await read(await t.as('city_admin', '4307'));
    expect(cityAdmin.body.items).toEqual([]);
    const county = await read(await t.as('county_admin', '430703'));
    expect(county.status).toBe(403);
  });
});
