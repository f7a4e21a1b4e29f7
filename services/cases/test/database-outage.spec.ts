import { mobile, residentId, startTcpProxy, TcpProxy, testDatabaseUrl, villageCode } from '@wushe/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { CasesTestApp, startCasesApp } from './support/cases-app';

// The cases API with its database behind a TCP proxy this test owns: stopping the proxy is the
// database going away (open connections cut, new ones refused) without touching the shared server.
// While it is away every request must be answered 503 COMMON.DEPENDENCY_UNAVAILABLE with
// Retry-After, never 500, and the API must come back by itself when the proxy does.

jest.setTimeout(60_000);

const TOWN = '430703100';
const API = '/api/v1/cases';

describe('the cases API while its database is away', () => {
  let proxy: TcpProxy;
  let t: CasesTestApp;
  let auth: string;
  let url: string;

  beforeAll(async () => {
    proxy = await startTcpProxy(testDatabaseUrl());
    t = await startCasesApp({ DATABASE_URL: proxy.urlFor(testDatabaseUrl()) });
    auth = await t.env.authority.token('outage-worker', [{ role: 'point_worker', region: TOWN }]);
    // Listening for real: supertest on an unstarted server starts and closes it per request, and
    // its close would reset the other requests of a concurrent round.
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
  });

  afterAll(async () => {
    await proxy?.start().catch(() => undefined); // the app's close needs its database back
    await t?.close();
    await proxy?.stop();
  });

  const http = () => request(url);
  const list = () => http().get(`${API}/recipients`).set('Authorization', `Bearer ${auth}`);
  const register = () =>
    http()
      .post(`${API}/recipients`)
      .set('Authorization', `Bearer ${auth}`)
      .set('Idempotency-Key', uuidv7())
      .send({
        name: '张三',
        residentId: residentId(),
        phone: mobile(),
        address: `湖南省常德市鼎城区武陵镇${Math.floor(Math.random() * 1e6)}号`,
        villageCode: villageCode(TOWN),
        categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
        legalBasis: 'statutory-duty',
      });
  const search = () =>
    http()
      .post(`${API}/recipients/search`)
      .set('Authorization', `Bearer ${auth}`)
      .send({ residentId: residentId() });

  it('answers 503 COMMON.DEPENDENCY_UNAVAILABLE with Retry-After while it is away, and recovers by itself', async () => {
    expect((await register()).status).toBe(201);
    expect((await list()).status).toBe(200);
    expect((await http().get('/health/ready')).status).toBe(200);

    await proxy.stop();
    const statuses = new Map<number, number>();
    const bodies: Array<Record<string, unknown>> = [];
    // Reads, a write with an Idempotency-Key and a search, several rounds, some at once.
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([list(), register(), search(), list(), register(), search()]);
      for (const res of answers) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['retry-after']).toBe('5');
        bodies.push(res.body);
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ 503: 30 });
    for (const body of bodies)
      expect(body).toMatchObject({
        status: 503,
        code: 'COMMON.DEPENDENCY_UNAVAILABLE',
        title: 'A dependency is unavailable',
        titleZh: '依赖服务暂不可用',
        dependency: 'database',
        retryAfter: 5,
      });
    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toMatch(/^down/);

    await proxy.start();
    const back = Date.now();
    let recovered: number | undefined;
    while (recovered === undefined && Date.now() - back < 10_000) {
      if ((await list()).status === 200) recovered = Date.now() - back;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(recovered).toBeDefined();
    expect((await register()).status).toBe(201);
    expect((await http().get('/health/ready')).status).toBe(200);
  });
});
