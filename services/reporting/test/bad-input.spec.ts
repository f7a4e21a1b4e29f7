import request from 'supertest';
import { useReportingApp } from './support/reporting-app';

// The reporting API's query parameters refuse what used to reach the database unchecked: %00,
// a lone surrogate's bytes, and months in years no report covers (0000, 9999).

const API = '/api/v1/reporting';
const t = useReportingApp();

it.each([
  ['region=%00&from=2026-01&to=2026-02', 'query.region', 'control_character'],
  ['region=4307%00&from=2026-01&to=2026-02', 'query.region', 'control_character'],
  ['region=4307&from=0000-01&to=2026-02', 'query.from', 'date_out_of_range'],
  ['region=4307&from=2026-01&to=9999-12', 'query.to', 'date_out_of_range'],
  ['region=4307&from=%00&to=2026-02', 'query.from', 'control_character'],
  ['region=4307&from=2026-01&to=2026-02&extra=%00', 'query.extra', 'control_character'],
])('GET /visits/summary?%s is a 400 naming %s', async (query, path, code) => {
  const token = await t.env.authority.token('reporting-reader', [{ role: 'county_admin', region: '4307' }]);
  const res = await request(t.app.getHttpServer())
    .get(`${API}/visits/summary?${query}`)
    .set('Authorization', `Bearer ${token}`);
  expect({ status: res.status, code: res.body.code }).toEqual({
    status: 400,
    code: 'COMMON.VALIDATION_FAILED',
  });
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
});

it('answers a good query', async () => {
  const token = await t.env.authority.token('reporting-reader', [{ role: 'county_admin', region: '4307' }]);
  const res = await request(t.app.getHttpServer())
    .get(`${API}/visits/summary?region=4307&from=2026-01&to=2026-02`)
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ region: '4307', visits: 0 });
});
