import { maskMobile } from '@wushe/cn-standards';
import { mobile, residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import { useCasesApp } from './support/cases-spec';
import { anyOf, envelopeTexts, scanSchemaText } from './support/pii-scan';

// PATCH /recipients/:id: a writer corrects or updates the name, phone or address. Optimistic
// versions, encrypted at rest, one event that names the fields and never their values.

const TOWN_A = '430703100';
const TOWN_B = '430703101';

const t = useCasesApp({ region: TOWN_A });
const { as, post, get, patch } = t;
/** Every plaintext value sent, for the scan at the end. */
const sent: string[] = [];

async function register() {
  const phone = mobile();
  const address = `湖南省常德市鼎城区武陵镇${Math.floor(Math.random() * 1e6)}号`;
  sent.push(phone, address);
  const res = await post(await as('station_worker'), '/recipients', {
    name: '孙七',
    residentId: residentId(),
    phone,
    address,
    villageCode: villageCode(TOWN_A),
    legalBasis: 'statutory-duty',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; villageCode: string };
}

const detailEvents = async (id: string) =>
  (
    await t.db.query(
      `SELECT envelope FROM outbox_event WHERE envelope->>'subject' = $1
          AND envelope->>'type' = 'wushe.cases.recipient.details-changed.v1' ORDER BY created_at`,
      [id],
    )
  ).rows.map((r) => r.envelope);

const stored = async (id: string) =>
  (
    await t.db.query(
      'SELECT name, phone_encrypted, address_encrypted, version, details_changed_by FROM recipient WHERE id = $1',
      [id],
    )
  ).rows[0];

it('changes name, phone and address: masked answer, version moved on, one event without values', async () => {
  const r = await register();
  const editor = `editor-${uuidv7()}`;
  const auth = await as('station_worker', TOWN_A, editor);
  const phone = mobile();
  const address = `湖南省常德市鼎城区武陵镇新址${Math.floor(Math.random() * 1e6)}号`;
  sent.push(phone, address);

  const res = await patch(auth, `/recipients/${r.id}`, { version: 1, name: '孙七妹', phone, address });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    id: r.id,
    name: '孙七妹',
    phone: maskMobile(phone),
    version: 2,
    detailsChangedBy: editor,
    detailsChangedAt: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toContain(phone);
  expect(JSON.stringify(res.body)).not.toContain(address);

  const events = await detailEvents(r.id);
  expect(events.map((e) => e.data)).toEqual([
    { recipientId: r.id, villageCode: r.villageCode, changed: ['name', 'phone', 'address'], version: 2 },
  ]);

  // The new values are what a reveal returns, and only ciphertext is stored.
  const reveal = await post(auth, `/recipients/${r.id}/reveal`, {
    reason: '核对变更后的联系方式',
    fields: ['phone', 'address'],
  });
  expect(reveal.status).toBe(200);
  expect(reveal.body).toMatchObject({ phone, address });
  const row = await stored(r.id);
  expect(row.phone_encrypted).not.toContain(phone);
  expect(row.address_encrypted).not.toContain(address);
});

it('null removes the phone or the address; the same values again change and announce nothing', async () => {
  const r = await register();
  const auth = await as('point_worker');
  const removed = await patch(auth, `/recipients/${r.id}`, { version: 1, phone: null });
  expect(removed.status).toBe(200);
  expect(removed.body).toMatchObject({ phone: null, version: 2 });
  expect((await stored(r.id)).phone_encrypted).toBeNull();
  expect((await detailEvents(r.id)).map((e) => e.data.changed)).toEqual([['phone']]);

  const same = await patch(auth, `/recipients/${r.id}`, { version: 2, phone: null, name: '孙七' });
  expect(same.status).toBe(200);
  expect(same.body.version).toBe(2);
  expect(await detailEvents(r.id)).toHaveLength(1);
});

it('refuses bad input, stale versions and callers without the right, writing nothing', async () => {
  const r = await register();
  const before = await stored(r.id);
  const auth = await as('station_worker');
  const cases: Array<[string, object, number, string]> = [
    ['bad phone', { version: 1, phone: '1234' }, 400, 'CASES.INVALID_PHONE'],
    ['nothing to change', { version: 1 }, 400, 'COMMON.VALIDATION_FAILED'],
    ['empty name', { version: 1, name: '  ' }, 400, 'COMMON.VALIDATION_FAILED'],
    ['long address', { version: 1, address: '址'.repeat(201) }, 400, 'COMMON.VALIDATION_FAILED'],
    [
      'resident ID is not edited here',
      { version: 1, residentId: residentId() },
      400,
      'COMMON.VALIDATION_FAILED',
    ],
    ['no version', { name: '孙八' }, 400, 'COMMON.VALIDATION_FAILED'],
    ['stale version', { version: 7, name: '孙八' }, 409, 'CASES.VERSION_CONFLICT'],
  ];
  for (const [why, body, status, code] of cases) {
    const res = await patch(auth, `/recipients/${r.id}`, body);
    expect({ why, status: res.status, code: res.body.code }).toEqual({ why, status, code });
  }
  expect(
    (await patch(await as('station_worker', TOWN_B), `/recipients/${r.id}`, { version: 1, name: '孙八' }))
      .status,
  ).toBe(404);
  expect(
    (await patch(await as('auditor', '430703'), `/recipients/${r.id}`, { version: 1, name: '孙八' })).status,
  ).toBe(403);
  expect((await patch(auth, `/recipients/${uuidv7()}`, { version: 1, name: '孙八' })).status).toBe(404);
  expect(await stored(r.id)).toEqual(before);
  expect(await detailEvents(r.id)).toEqual([]);
  expect((await get(auth, `/recipients/${r.id}`)).body.name).toBe('孙七');
});

it('PIPL: no phone or address sent in this file appears in plaintext at rest or in an event', async () => {
  expect(sent.length).toBeGreaterThan(6);
  const { scanned } = await scanSchemaText(t, anyOf(sent));
  expect(scanned).toBeGreaterThan(0);
  const envelopes = await envelopeTexts(t);
  expect(envelopes.some((e) => e.includes('details-changed'))).toBe(true);
  for (const e of envelopes) expect(anyOf(sent)(e)).toBeUndefined();
});
