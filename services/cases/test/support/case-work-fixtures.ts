import { residentId, villageCode } from '@wushe/testing';
import { v7 as uuidv7 } from 'uuid';
import type { CasesSpec } from './cases-spec';
import { chinaDay } from './china-calendar';
import { envelopeTexts, scanSchemaText } from './pii-scan';

// Shared by the case-work specs (assessments, plans, service and monitoring records), each of which
// runs on its own schema with `useCasesApp({ region: TOWN_A })`.

export const TOWN_A = '430703100';
export const TOWN_B = '430703101';
export const DOMAINS = [
  'economic',
  'health',
  'care',
  'education',
  'psychological',
  'social-support',
] as const;

/** Every secret carries this marker, so a scan for it finds any of them in plaintext. */
const SECRET_MARK = '机密';

export function planBody(overrides: Record<string, unknown> = {}) {
  return {
    goals: ['稳定情绪', '恢复社会交往'],
    services: [
      { type: 'emotional-support', frequency: 'weekly' },
      { type: 'resource-linking', frequency: 'monthly' },
    ],
    monitoringFrequency: 'monthly',
    startsOn: chinaDay(-3),
    ...overrides,
  };
}

/**
 * The recipients, assessments and plans a case-work spec builds on, made through the API of `t`.
 * `secrets` holds every plaintext note, comment and reason the file sent, for its PIPL scan.
 */
export function caseWorkFixtures(t: CasesSpec) {
  const { as, post } = t;
  const secrets: string[] = [];

  const secret = (label: string) => {
    const s = `${label}-${SECRET_MARK}-${uuidv7()}`;
    secrets.push(s);
    return s;
  };

  async function registerRecipient(town = TOWN_A): Promise<string> {
    const res = await post(await as('station_worker', town), '/recipients', {
      name: '李四',
      residentId: residentId(),
      villageCode: villageCode(town),
      legalBasis: 'statutory-duty',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  function domains(scores: number[] = [1, 2, 0, 1, 1, 0], notes = true) {
    return Object.fromEntries(
      DOMAINS.map((d, i) => [d, { score: scores[i], ...(notes ? { note: secret(`note-${d}`) } : {}) }]),
    );
  }

  async function counts() {
    const q = async (table: string) =>
      Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    return {
      assessment: await q('assessment'),
      domain: await q('assessment_domain'),
      plan: await q('service_plan'),
      service: await q('service_record'),
      monitoring: await q('monitoring_record'),
      outbox: await q('outbox_event'),
    };
  }

  /** A recipient with an approved assessment: written and submitted by a worker, approved by a supervisor. */
  async function approvedRecipient(town = TOWN_A): Promise<string> {
    const recipientId = await registerRecipient(town);
    const worker = await as('point_worker', town);
    const created = await post(worker, `/recipients/${recipientId}/assessments`, { domains: domains() });
    expect(created.status).toBe(201);
    expect((await post(worker, `/assessments/${created.body.id}/submit`)).status).toBe(200);
    const approved = await post(await as('supervisor', town), `/assessments/${created.body.id}/approve`);
    expect(approved.status).toBe(200);
    return recipientId;
  }

  async function openPlan(town = TOWN_A, overrides: Record<string, unknown> = {}, auth?: string) {
    const recipientId = await approvedRecipient(town);
    const res = await post(
      auth ?? (await as('point_worker', town)),
      `/recipients/${recipientId}/plans`,
      planBody(overrides),
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; recipientId: string; nextMonitoringDue: string; workerId: string };
  }

  return { secrets, secret, registerRecipient, domains, counts, approvedRecipient, openPlan };
}

/**
 * PIPL: none of the file's `secrets` (notes, comments, reasons) is stored in plaintext in any
 * text/json column of its schema, and no outbox envelope carries a note or the recipient's name.
 */
export async function expectNoNotePlaintext(t: CasesSpec, secrets: readonly string[]): Promise<void> {
  expect(secrets.length).toBeGreaterThan(0);
  const { scanned } = await scanSchemaText(t, (v) =>
    v.includes(SECRET_MARK) || secrets.some((s) => v.includes(s)) ? 'a plaintext note' : undefined,
  );
  expect(scanned).toBeGreaterThan(0);
  for (const e of await envelopeTexts(t)) {
    expect(e).not.toContain(SECRET_MARK);
    expect(e).not.toContain('李四');
  }
}
