import type { IdentitySpec } from './identity-spec';

/** Opens a station through the API (`${township}社工站`, opened 2023-03-01 unless `extra` says otherwise). */
export async function openStation(t: IdentitySpec, token: string, township: string, extra: object = {}) {
  const res = await t.post(token, '/stations', {
    townshipCode: township,
    name: `${township}社工站`,
    openedOn: '2023-03-01',
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; townshipCode: string };
}

/** Opens a point under a station through the API (`社工点`, opened 2023-04-01 unless `extra` says otherwise). */
export async function openPoint(
  t: IdentitySpec,
  token: string,
  stationId: string,
  villageCodes: string[],
  extra: object = {},
) {
  const res = await t.post(token, `/stations/${stationId}/points`, {
    name: '社工点',
    villageCodes,
    openedOn: '2023-04-01',
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}
