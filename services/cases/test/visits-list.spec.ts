import { villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { TOWN_A, TOWN_B } from './support/case-work-fixtures';
import { useCasesApp } from './support/cases-spec';
import { visit, visitFixtures } from './support/visits';

// Listing household visits against real PostgreSQL: by recipient with an opaque cursor, by the
// worker who recorded them (or me) and by China calendar days, and nothing of another township.
// These visits carry no findings or coordinates; recording them is in visits.spec.ts.

const t = useCasesApp({ region: TOWN_A });
const { as, post, get } = t;
const { registerRecipient } = visitFixtures(t);

describe('GET /visits', () => {
  const village = villageCode('430703102');
  let recipientId = '';
  const ids: string[] = [];
  beforeAll(async () => {
    recipientId = await registerRecipient(village);
    const worker = await as('point_worker', '430703102');
    for (let i = 0; i < 3; i++) {
      const res = await post(
        worker,
        '/visits',
        visit(village, {
          recipientIds: [recipientId],
          visitedAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
        }),
      );
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // Another visit in the village that did not see this recipient.
    expect((await post(worker, '/visits', visit(village, { kind: 'discovery' }))).status).toBe(201);
  });

  it('filters by recipient, newest first, paged with an opaque cursor', async () => {
    const auth = await as('supervisor', '430703102');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        auth,
        `/visits?recipientId=${recipientId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((v: { id: string }) => v.id));
      for (const v of res.body.items) expect(v.recipientIds).toEqual([recipientId]);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const bad = await get(auth, '/visits?recipientId=nobody');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
  });

  it('filters by the worker who recorded them (an account id, or me) and by China calendar days', async () => {
    const town = '430703103';
    const village = `${town}001`;
    const [walker, colleague] = [`walker-${uuidv7()}`, `colleague-${uuidv7()}`];
    const record = async (subject: string, visitedAt: string) => {
      const res = await post(
        await as('station_worker', town, subject),
        '/visits',
        visit(village, { kind: 'discovery', visitedAt }),
      );
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    // 00:30 on 1 April and 23:30 on 31 March, Beijing time.
    const april = await record(walker, '2026-03-31T16:30:00Z');
    const march = await record(walker, '2026-03-31T15:30:00Z');
    const theirs = await record(colleague, '2026-04-15T02:00:00Z');
    const ids = async (auth: string, query: string) => {
      const res = await get(auth, `/visits?${query}`);
      expect(res.status).toBe(200);
      return res.body.items.map((v: { id: string }) => v.id);
    };

    const me = await as('station_worker', town, walker);
    expect(await ids(me, 'worker=me')).toEqual([april, march]);
    expect(await ids(me, 'worker=me&from=2026-04-01&to=2026-04-30')).toEqual([april]);
    expect(await ids(me, 'worker=me&to=2026-03-31')).toEqual([march]);
    const supervisor = await as('supervisor', town);
    expect(await ids(supervisor, `worker=${walker}`)).toEqual([april, march]);
    expect(await ids(supervisor, `region=${village}&from=2026-04-01&to=2026-04-30`)).toEqual([theirs, april]);
    expect(await ids(await as('supervisor', TOWN_B), `worker=${walker}`)).toEqual([]);

    for (const bad of ['from=2026-04-30&to=2026-04-01', 'from=2026-02-30', 'to=yesterday', 'worker=']) {
      const res = await get(supervisor, `/visits?${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
    }
  });

  it('another township sees none of them, even by id or by recipient', async () => {
    const outsider = await as('supervisor', TOWN_B);
    expect((await get(outsider, `/visits/${ids[0]}`)).status).toBe(404);
    const byRecipient = await get(outsider, `/visits?recipientId=${recipientId}`);
    expect(byRecipient.status).toBe(200);
    expect(byRecipient.body.items).toEqual([]);
    const all = await get(outsider, '/visits?limit=200');
    for (const v of all.body.items) expect(v.villageCode.startsWith(TOWN_B)).toBe(true);
  });
});
