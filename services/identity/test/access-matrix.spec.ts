import { buildOpenApiDocument } from '@wushe/platform';
import {
  describeBadInput,
  describeMatrix,
  MatrixRecord,
  mobile,
  OpenApiDocument,
  runAccessMatrix,
  runBadInputPass,
  matrixFailures,
  summarizeBadInput,
} from '@wushe/testing';
import { useIdentityApp } from './support/identity-spec';
import { COUNTY, inHours, T1, T2, V1 } from './support/trainings';
import { DINGCHENG_REGIONS, seedWorkplaces } from './support/workplaces';

// The generated access matrix and bad-input pass over every route of the identity API (see
// libs/testing's access-matrix): expectations come from each route's x-roles and the region codes,
// not from this file. What this file gives is the world the routes are called against: a station
// and a point of 武陵镇 (T1), a staff member, a post, a training and an account holding a grant.

const OTHER_VILLAGE = '430703100002';
// Notifications belong to the account that receives them; no matrix caller owns one, and the
// notifications spec covers that nobody reads another's.
const UNPROBED = {
  'POST /api/v1/identity/notifications/{id}/read': 'a notification is its recipient’s alone',
};

const t = useIdentityApp();

async function buildWorld(): Promise<Record<string, MatrixRecord>> {
  const { stations, point } = await seedWorkplaces(t.db, {
    regions: { ...DINGCHENG_REGIONS, [OTHER_VILLAGE]: '另村' },
    stations: [T1, T2],
    pointVillage: V1,
  });
  const admin = await t.as('province_admin', '43');
  const created = async (path: string, body: object) => {
    const res = await t.post(admin, path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; grants?: Array<{ id: string }> };
  };
  const staff = await created('/staff', {
    displayName: '张晓梅',
    regionCode: T1,
    postType: 'transactional',
    joinedOn: '2024-03-01',
  });
  const post = await created('/posts', { regionCode: T1, postType: 'transactional', openedOn: '2024-01-01' });
  const training = await created('/trainings', {
    kind: 'routine',
    mode: 'on-site',
    title: '个案工作实务培训',
    regionCode: T1,
    startsAt: inHours(48),
    endsAt: inHours(51),
    place: '武陵镇社工站二楼会议室',
  });
  const account = await created('/accounts', {
    phone: mobile(),
    password: 'Correct-Horse-42',
    displayName: '站点社工',
    grants: [{ role: 'station_worker', region: T1 }],
  });
  const inTown = (id: string) => ({ id, region: T1 });
  return {
    stations: inTown(stations[T1]),
    points: { id: point, region: V1 },
    staff: inTown(staff.id),
    posts: inTown(post.id),
    trainings: inTown(training.id),
    accounts: inTown(account.id),
    grantId: inTown(account.grants?.[0]?.id ?? ''),
    // The division tree is reference data anyone signed in may read; coverage and talent figures
    // of a region are the region's.
    regions: { id: T1, region: '' },
    regionCode: inTown(T1),
  };
}

describe('identity: the generated access matrix', () => {
  let records: Record<string, MatrixRecord>;
  let document: OpenApiDocument;
  beforeAll(async () => {
    records = await buildWorld();
    document = buildOpenApiDocument(t.app, 'identity', '') as unknown as OpenApiDocument;
  });

  it('answers every role in every region as the permission table and the scopes say: no leaks, no 5xx', async () => {
    const report = await runAccessMatrix({
      server: t.app.getHttpServer(),
      authority: t.env.authority,
      document,
      village: V1,
      otherVillage: OTHER_VILLAGE,
      siblingTownship: T2,
      records,
      unprobed: UNPROBED,
    });
    console.log(describeMatrix('identity', report));
    expect(report.requests).toBeGreaterThan(report.routes * 10);
    expect(report.withoutFixture).toEqual([]);
    expect(matrixFailures(report)).toEqual({ leaks: [], serverErrors: [] });
  }, 600_000);

  it('answers the bad-input corpus on every route without a 5xx', async () => {
    const report = await runBadInputPass({
      server: t.app.getHttpServer(),
      authority: t.env.authority,
      document,
      province: COUNTY.slice(0, 2),
      records,
    });
    console.log(describeBadInput('identity', report));
    expect(report.requests).toBeGreaterThan(report.routes * 10);
    expect(summarizeBadInput(report.serverErrors)).toEqual([]);
  }, 600_000);
});
