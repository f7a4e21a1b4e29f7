import { Writable } from 'node:stream';
import { createLogger } from '@wushe/platform';
import { mobile, residentId, villageCode } from '@wushe/testing';
import request from 'supertest';
import { CasesTestApp, startCasesApp } from './support/cases-app';

// PIPL: no resident ID, phone, address or name in any log line. The API runs with the platform's
// own logger (its redaction rules) at the most verbose level, and every request path that sees
// personal data is driven, the failing ones included (a rejected body is still a body).

const TOWN = '430703100';
const BASE = '/api/v1/cases/recipients';
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});

let t: CasesTestApp;
beforeAll(async () => {
  t = await startCasesApp({}, createLogger('cases', 'trace', capture));
});
afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());

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

  // Let the in-process outbox relay publish and log what it does.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  expect(lines.length).toBeGreaterThan(10); // the capture works: requests were logged
  expect(lines.some((l) => l.includes(`/recipients/${id}/reveal`))).toBe(true);
  for (const p of people) {
    for (const [field, value] of Object.entries(p)) {
      const leaking = lines.filter((l) => l.includes(value));
      expect({ field, leaking }).toEqual({ field, leaking: [] });
    }
  }
});
