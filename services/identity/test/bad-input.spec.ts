import { useIdentityApp } from './support/identity-spec';

// Input that used to reach a 500 (issue 8): NUL or a lone surrogate in a text field, the year 0000
// or 9999 in a date, %00 in a query parameter or a route. Each is a 400 COMMON.VALIDATION_FAILED
// naming the field, and nothing is written.

const COUNTY = '430703';
const T1 = '430703100';
const NUL = '\u0000';
const LONE = '\ud800';

const t = useIdentityApp();
const { post, get, count } = t;

type Response = { status: number; body: { code?: string; errors?: Array<{ path: string; code: string }> } };

function expectRefused(what: string, res: Response, path: string, code?: string) {
  const seen = {
    status: res.status,
    code: res.body.code,
    paths: res.body.errors?.map((e) => [e.path, e.code]),
  };
  expect({ what, ...seen }).toEqual({
    what,
    status: 400,
    code: 'COMMON.VALIDATION_FAILED',
    paths: expect.arrayContaining([code ? [path, code] : [path, expect.any(String)]]),
  });
}

const snapshot = async () => ({
  staff: await count('staff_member'),
  stations: await count('station'),
  trainings: await count('training_session'),
  accounts: await count('account'),
  outbox: await count('outbox_event'),
});

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const staffBody = (over: Record<string, unknown> = {}) => ({
  displayName: '张晓梅',
  regionCode: T1,
  postType: 'transactional',
  joinedOn: '2024-03-01',
  ...over,
});
const sessionBody = (over: Record<string, unknown> = {}) => ({
  kind: 'routine',
  mode: 'on-site',
  title: '个案工作实务培训',
  regionCode: T1,
  startsAt: inHours(48),
  endsAt: inHours(51),
  place: '武陵镇社工站二楼会议室',
  trainer: '陈老师',
  ...over,
});
const stationBody = (over: Record<string, unknown> = {}) => ({
  townshipCode: T1,
  name: '武陵镇社工站',
  openedOn: '2023-03-01',
  ...over,
});

it('refuses NUL, lone surrogates and impossible years in bodies, writing nothing', async () => {
  const county = await t.as('county_admin', COUNTY);
  const province = await t.as('province_admin', '43');
  const before = await snapshot();
  const cases: Array<[string, () => Promise<Response>, string, string]> = [
    [
      'NUL in a staff name',
      () => post(county, '/staff', staffBody({ displayName: `张${NUL}` })),
      'body.displayName',
      'control_character',
    ],
    [
      'a lone surrogate in an employer',
      () => post(county, '/staff', staffBody({ employer: `社工${LONE}` })),
      'body.employer',
      'lone_surrogate',
    ],
    [
      'year 0000 joining',
      () => post(county, '/staff', staffBody({ joinedOn: '0000-01-01' })),
      'body.joinedOn',
      'date_out_of_range',
    ],
    [
      'year 9999 joining',
      () => post(county, '/staff', staffBody({ joinedOn: '9999-12-31' })),
      'body.joinedOn',
      'date_out_of_range',
    ],
    [
      'NUL in a station name',
      () => post(county, '/stations', stationBody({ name: `站${NUL}` })),
      'body.name',
      'control_character',
    ],
    [
      'a line break in an address',
      () => post(county, '/stations', stationBody({ address: '人民路\n1号' })),
      'body.address',
      'control_character',
    ],
    [
      'year 0000 opening',
      () => post(county, '/stations', stationBody({ openedOn: '0000-01-01' })),
      'body.openedOn',
      'date_out_of_range',
    ],
    [
      'a lone surrogate in a training title',
      () => post(county, '/trainings', sessionBody({ title: `培训${LONE}` })),
      'body.title',
      'lone_surrogate',
    ],
    [
      'year 0000 training',
      () => post(county, '/trainings', sessionBody({ startsAt: '0000-01-01T00:00:00Z' })),
      'body.startsAt',
      'date_out_of_range',
    ],
    [
      'year 9999 training',
      () => post(county, '/trainings', sessionBody({ endsAt: '9999-12-31T23:00:00+08:00' })),
      'body.endsAt',
      'date_out_of_range',
    ],
    [
      'NUL in a new account’s display name',
      () =>
        post(province, '/accounts', {
          phone: '13800000000',
          password: 'correct horse battery staple',
          displayName: `王${NUL}`,
          grants: [{ role: 'county_admin', region: COUNTY }],
        }),
      'body.displayName',
      'control_character',
    ],
    [
      'NUL in an organization grant',
      () =>
        post(province, '/accounts', {
          phone: '13800000001',
          password: 'correct horse battery staple',
          displayName: '王五',
          grants: [{ role: 'organization_admin', organization: `org${NUL}` }],
        }),
      'body.grants.0.organization',
      'control_character',
    ],
    [
      'NUL in a login phone',
      () =>
        t
          .http()
          .post('/api/v1/identity/auth/login')
          .send({ phone: `138${NUL}`, password: 'x' }),
      'body.phone',
      'control_character',
    ],
  ];
  for (const [what, send, path, code] of cases) expectRefused(what, await send(), path, code);
  expect(await snapshot()).toEqual(before);
});

it('refuses %00, lone surrogates and impossible years in query parameters and routes', async () => {
  const county = await t.as('county_admin', COUNTY);
  const auditor = await t.as('auditor', '43');
  const cases: Array<[string, string, string, string?]> = [
    [county, '/regions?q=%00', 'query.q', 'control_character'],
    [county, '/regions?q=%E6%AD%A6%00', 'query.q', 'control_character'],
    [county, '/regions/430703?on=0000-01-01', 'query.on', 'date_out_of_range'],
    [county, '/regions/%00', 'params', 'control_character'],
    [county, '/trainings?from=0000-01-01', 'query.from', 'date_out_of_range'],
    [county, '/trainings?to=9999-12-31', 'query.to', 'date_out_of_range'],
    [county, '/staff?region=%00', 'query.region', 'control_character'],
    [county, '/staff/%00', 'params', 'control_character'],
    [county, '/stations?cursor=%00', 'query.cursor', 'control_character'],
    [auditor, '/audit?targetId=%00', 'query.targetId', 'control_character'],
    [auditor, '/audit?from=0000-01-01T00:00:00Z', 'query.from', 'date_out_of_range'],
  ];
  for (const [token, url, path, code] of cases) expectRefused(url, await get(token, url), path, code);
});
