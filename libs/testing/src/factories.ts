import { randomInt } from 'node:crypto';
import { residentIdCheckChar } from '@wushe/cn-standards';

// Data factories: valid by construction (checksums, dates), random enough that tests running in
// parallel do not collide, and never real people.

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// IDs already handed out in this process. With area, birth date and sex fixed only the 3-digit
// sequence varies (500 values per sex), so random picks collide by the birthday paradox and a
// test's "new" person would be a duplicate; never hand out the same ID twice.
const issuedResidentIds = new Set<string>();

/** A valid 18-digit resident ID (GB 11643) for the given area, birth date and sex; unique per process. */
export function residentId(
  options: { areaCode?: string; birthDate?: string; sex?: 'male' | 'female' } = {},
): string {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const id = candidateResidentId(options);
    if (!issuedResidentIds.has(id)) {
      issuedResidentIds.add(id);
      return id;
    }
  }
  throw new Error(
    'residentId(): every sequence number for these facts is taken; vary the birth date or area',
  );
}

function candidateResidentId(options: {
  areaCode?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
}): string {
  const area = options.areaCode ?? '430703';
  const birth = (
    options.birthDate ?? `19${pad(randomInt(40, 99), 2)}-0${randomInt(1, 9)}-1${randomInt(0, 9)}`
  ).replace(/-/g, '');
  let sequence = randomInt(0, 999);
  const wantOdd = (options.sex ?? (randomInt(0, 2) ? 'male' : 'female')) === 'male';
  if ((sequence % 2 === 1) !== wantOdd) sequence = (sequence + 1) % 1000;
  const first17 = `${area}${birth}${pad(sequence, 3)}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid mainland mobile number (1[3-9] + 9 digits). */
export function mobile(): string {
  return `1${randomInt(3, 10)}${pad(randomInt(0, 1_000_000_000), 9)}`;
}

/** A 12-digit village code under a 9-digit township. */
export function villageCode(township = '430703100'): string {
  return `${township}${pad(randomInt(1, 300), 3)}`;
}

/** A body for POST /api/v1/cases/visits. */
export function visitInput(
  overrides: Partial<Record<'kind' | 'villageCode' | 'visitedAt', string>> & { needsFound?: number } = {},
) {
  return {
    kind: 'discovery',
    villageCode: villageCode(),
    visitedAt: new Date(Date.now() - randomInt(0, 3_600_000)).toISOString(),
    needsFound: randomInt(0, 4),
    ...overrides,
  };
}
