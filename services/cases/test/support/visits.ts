import { residentId } from '@wushe/testing';
import type { CasesSpec } from './cases-spec';

// Shared by the visit specs (visits, visits-list), each on its own schema. TOWN_A and TOWN_B come
// from ./case-work-fixtures.

/** A person to register in `village`: 86 years old, on the statutory-duty basis. */
export function person(village: string, overrides: Record<string, unknown> = {}) {
  return {
    name: '王五',
    residentId: residentId({ birthDate: '1940-02-02' }),
    villageCode: village,
    legalBasis: 'statutory-duty',
    ...overrides,
  };
}

/** A routine visit to `village` an hour ago, with no people, findings or coordinates. */
export function visit(village: string, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'routine',
    villageCode: village,
    visitedAt: new Date(Date.now() - 3600_000).toISOString(),
    ...overrides,
  };
}

/** Recipients registered through the API of `t`, by a station worker of the village's township. */
export function visitFixtures(t: CasesSpec) {
  const { as, post } = t;

  async function registerRecipient(village: string, overrides: Record<string, unknown> = {}) {
    const res = await post(await as('station_worker', village.slice(0, 9)), '/recipients', {
      ...person(village),
      ...overrides,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  return { registerRecipient };
}
