import { Writable } from 'node:stream';
import { createLogger } from '@wushe/platform';
import { mobile, residentId, villageCode } from '@wushe/testing';
import { useCasesApp } from './support/cases-spec';

// PIPL: no resident ID, phone, address or name in any log line. The API and the worker run with
// the platform's own logger (its redaction rules) at the most verbose level, and every path that
// sees personal data is driven, the failing ones included (a rejected body is still a body):
// registration, reveal, visits with findings, households, exports, the roster import's job.

const TOWN = '430703100';
const BASE = '/api/v1/cases/recipients';
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});

const t = useCasesApp({ worker: true, logger: () => createLogger('cases', 'trace', capture) });
const { http } = t;

/** A person whose every personal field is distinctive enough to be found in a log line. */
function person() {
  const suffix = Math.floor(Math.random() * 1e6);
  return {
    name: `欧阳明${suffix % 1000}`,
    residentId: residentId(),
    phone: mobile(),
    address: `湖南省常德市鼎城区武陵镇幸福路${suffix}号`,
  };
}

it('writes no plaintext personal data to the logs, on good and bad paths alike', async () => {
  const worker = `Bearer ${await t.env.authority.token('log-worker', [{ role: 'station_worker', region: TOWN }])}`;
  const people = [person(), person(), person()];
  const [good, badChecksum, badPhone] = people;
  const body = (p: ReturnType<typeof person>, extra: Record<string, unknown> = {}) => ({
    ...p,
    villageCode: villageCode(TOWN),
    categories: [{ category: 'dibao', validFrom: '2024-01-01' }],
    legalBasis: 'statutory-duty',
    ...extra,
  });

  const created = await http().post(BASE).set('Authorization', worker).send(body(good));
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  // Rejected bodies: a wrong check character, an invalid phone, a duplicate, a malformed field.
  const wrongCheck = badChecksum.residentId.slice(0, 17) + (badChecksum.residentId[17] === '0' ? '1' : '0');
  badChecksum.residentId = wrongCheck;
  expect((await http().post(BASE).set('Authorization', worker).send(body(badChecksum))).status).toBe(400);
  badPhone.phone = `99${badPhone.phone.slice(2)}`;
  expect((await http().post(BASE).set('Authorization', worker).send(body(badPhone))).status).toBe(400);
  expect((await http().post(BASE).set('Authorization', worker).send(body(good))).status).toBe(409);
  const malformed = await http()
    .post(BASE)
    .set('Authorization', worker)
    .send(body(good, { legalBasis: good.address }));
  expect(malformed.status).toBe(400);
  // An unauthenticated request with personal data in its body.
  expect((await http().post(BASE).send(body(person()))).status).toBe(401);

  // Reads, the unmasked reveal (its response carries the plaintext) and a status change.
  expect((await http().get(`${BASE}/${id}`).set('Authorization', worker)).status).toBe(200);
  expect((await http().get(`${BASE}?region=${TOWN}`).set('Authorization', worker)).status).toBe(200);
  const revealed = await http()
    .post(`${BASE}/${id}/reveal`)
    .set('Authorization', worker)
    .send({
      reason: 'verifying the household for a 临时救助 application',
      fields: ['residentId', 'phone', 'address'],
    });
  expect(revealed.status).toBe(200);
  expect(revealed.body.residentId).toBe(good.residentId);

  // Searches by the ID card and by name (in the body, never in the URL the logs keep).
  for (const query of [{ residentId: good.residentId }, { name: good.name }]) {
    const found = await http().post(`${BASE}/search`).set('Authorization', worker).send(query);
    expect(found.status).toBe(200);
    expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
  }

  // New contact details, accepted and refused (an invalid phone).
  const moved = person();
  people.push(moved);
  const patched = await http()
    .patch(`${BASE}/${id}`)
    .set('Authorization', worker)
    .send({ version: 1, name: moved.name, phone: moved.phone, address: moved.address });
  expect(patched.status).toBe(200);
  const refusedPhone = await http()
    .patch(`${BASE}/${id}`)
    .set('Authorization', worker)
    .send({ version: 2, phone: `99${moved.phone.slice(2)}`, address: `${moved.address}之二` });
  expect(refusedPhone.status).toBe(400);

  // A discovery visit with findings that registers a person, and one refused for a bad ID.
  const [found, refused] = [person(), person()];
  const findings = `${found.name}家中无人照料，住在${found.address}，联系电话${found.phone}`;
  people.push(found, refused);
  const village = villageCode(TOWN);
  const visit = (p: ReturnType<typeof person>) => ({
    kind: 'discovery',
    villageCode: village,
    visitedAt: new Date().toISOString(),
    findings,
    coordinates: { lat: 29.03, lng: 111.69 },
    newRecipients: [{ ...p, villageCode: village, legalBasis: 'statutory-duty' }],
  });
  const recorded = await http().post('/api/v1/cases/visits').set('Authorization', worker).send(visit(found));
  expect(recorded.status).toBe(201);
  refused.residentId = `${refused.residentId.slice(0, 17)}${refused.residentId[17] === '0' ? '1' : '0'}`;
  expect(
    (await http().post('/api/v1/cases/visits').set('Authorization', worker).send(visit(refused))).status,
  ).toBe(400);
  expect(
    (await http().get(`/api/v1/cases/visits/${recorded.body.id}`).set('Authorization', worker)).status,
  ).toBe(200);

  // A household, the ledger export, and a roster with one bad row among good ones (the job runs
  // in the worker and reports the bad row).
  const household = await http()
    .post('/api/v1/cases/households')
    .set('Authorization', worker)
    .send({ villageCode: village, headRecipientId: recorded.body.registeredRecipientIds[0] });
  expect(household.status).toBe(201);
  const exported = await http().get(`${BASE}/export?format=csv&region=${TOWN}`).set('Authorization', worker);
  expect(exported.status).toBe(200);
  const [rosterGood, rosterBad] = [person(), person()];
  people.push(rosterGood, rosterBad);
  rosterBad.residentId = `${rosterBad.residentId.slice(0, 17)}${rosterBad.residentId[17] === '0' ? '1' : '0'}`;
  const roster = await http()
    .post('/api/v1/cases/roster-imports')
    .query({ month: '2026-09', category: 'dibao' })
    .set('Authorization', worker)
    .set('Content-Type', 'text/csv')
    .send(
      Buffer.from(
        `name,residentId,category,villageCode,householdId,amount\n` +
          `${rosterGood.name},${rosterGood.residentId},dibao,${village},,300\n` +
          `${rosterBad.name},${rosterBad.residentId},dibao,${village},,300\n`,
      ),
    );
  expect(roster.status).toBe(202);
  let status = '';
  for (let i = 0; i < 200 && status !== 'rejected'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await http().get(`/api/v1/cases/roster-imports/${roster.body.id}`).set('Authorization', worker))
      .body.status;
  }
  expect(status).toBe('rejected');
  expect(
    (await http().get(`/api/v1/cases/roster-imports/${roster.body.id}/errors`).set('Authorization', worker))
      .status,
  ).toBe(200);

  // Until the outbox relay has published everything, so whatever it logs is in the capture too.
  const unsent = async () =>
    (await t.db.query('SELECT count(*)::int AS n FROM outbox_event WHERE sent_at IS NULL')).rows[0].n;
  for (let end = Date.now() + 30_000; (await unsent()) > 0 && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await unsent()).toBe(0);

  expect(lines.length).toBeGreaterThan(10); // the capture works: requests were logged
  expect(lines.some((l) => l.includes(`/recipients/${id}/reveal`))).toBe(true);
  expect(lines.some((l) => l.includes(`/roster-imports/${roster.body.id}`))).toBe(true);
  const secrets = [
    ...people.flatMap((p) => Object.entries(p)),
    ['findings', findings],
    ['coordinates', '111.69'],
  ];
  for (const [field, value] of secrets) {
    const leaking = lines.filter((l) => l.includes(value));
    expect({ field, leaking }).toEqual({ field, leaking: [] });
  }
});
