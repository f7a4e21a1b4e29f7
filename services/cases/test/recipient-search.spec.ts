import { residentId, villageCode } from '@wushe/testing';
import { useCasesApp } from './support/cases-spec';

// POST /recipients/search: the person whose ID card is in hand (exact, by the keyed hash) or names
// starting with what was typed, masked and confined to the caller's reader scope.

const TOWN_A = '430703100';
const TOWN_B = '430703101';

const t = useCasesApp({ region: TOWN_A });
const { as, post } = t;

async function register(name: string, id = residentId()) {
  const res = await post(await as('station_worker'), '/recipients', {
    name,
    residentId: id,
    villageCode: villageCode(TOWN_A),
    legalBasis: 'statutory-duty',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const search = async (body: object, town = TOWN_A) =>
  post(await as('station_worker', town), '/recipients/search', body);
const wrongCheckChar = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((i) => i.id);

it('finds the person of an ID card, masked; a 15-digit card finds the upgraded record', async () => {
  const legacy = `430703${'530101'}${String(100 + Math.floor(Math.random() * 800))}`;
  const person = await register('欧阳兰', legacy);
  const res = await search({ residentId: legacy });
  expect(res.status).toBe(200);
  expect(ids(res)).toEqual([person.id]);
  const upgraded = (await t.get(await as('station_worker'), `/recipients/${person.id}`)).body.residentId;
  expect(res.body.items[0].residentId).toBe(upgraded);
  expect(JSON.stringify(res.body)).not.toContain(legacy);

  expect(ids(await search({ residentId: residentId() }))).toEqual([]);
  expect(ids(await search({ residentId: legacy }, TOWN_B))).toEqual([]);
});

it('finds names by their beginning, newest first, paged', async () => {
  const surname = `司马${Math.floor(Math.random() * 1e4)}`;
  const first = await register(`${surname}甲`);
  const second = await register(`${surname}乙`);
  await register(`欧${surname}`); // contains it, does not start with it
  const page1 = await search({ name: surname, limit: 1 });
  expect(ids(page1)).toEqual([second.id]);
  const page2 = await search({ name: surname, limit: 1, cursor: page1.body.nextCursor });
  expect(ids(page2)).toEqual([first.id]);
  expect(page2.body.nextCursor).toBeNull();
  expect(ids(await search({ name: surname }, TOWN_B))).toEqual([]);
});

it('refuses a search without exactly one of residentId and name, or with a bad ID', async () => {
  const cases: Array<[object, string]> = [
    [{}, 'COMMON.VALIDATION_FAILED'],
    [{ name: '张', residentId: residentId() }, 'COMMON.VALIDATION_FAILED'],
    [{ name: ' ' }, 'COMMON.VALIDATION_FAILED'],
    [{ name: '张', extra: 1 }, 'COMMON.VALIDATION_FAILED'],
    [{ residentId: wrongCheckChar(residentId()) }, 'CASES.INVALID_RESIDENT_ID'],
  ];
  for (const [body, code] of cases) {
    const res = await search(body);
    expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
  }
});
