import { Result, err, ok } from './result';

/** Statistical division code levels: GB/T 2260 (2/4/6 digits) extended to 9 and 12 digits. */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export interface DivisionCode {
  /** Shortest form: 2, 4, 6, 9 or 12 digits, with zero-padding removed. */
  readonly code: string;
  readonly level: DivisionLevel;
  readonly province: string;
  readonly city?: string;
  readonly county?: string;
  readonly township?: string;
}

export type DivisionCodeErrorCode = 'EMPTY' | 'BAD_FORMAT' | 'BAD_PROVINCE';

export type DivisionCodeResult = Result<DivisionCode, DivisionCodeErrorCode>;

const LEVELS: readonly { readonly length: number; readonly level: DivisionLevel }[] = [
  { length: 2, level: 'province' },
  { length: 4, level: 'city' },
  { length: 6, level: 'county' },
  { length: 9, level: 'township' },
  { length: 12, level: 'village' },
];

/**
 * Accepts any level's code, and zero-padded forms of a higher level (`430700` is the city
 * 4307, `430703000000` the county 430703), because published tables pad every row to the
 * same width. Codes are never checked against a list: divisions change every year.
 */
export function parseDivisionCode(input: string): DivisionCodeResult {
  let code = input.trim();
  if (code === '') return err('EMPTY', 'Division code is empty');
  let index = LEVELS.findIndex((l) => l.length === code.length);
  if (!/^\d+$/.test(code) || index < 0) {
    return err('BAD_FORMAT', 'Division code must be 2, 4, 6, 9 or 12 digits');
  }
  if (code.startsWith('00')) return err('BAD_PROVINCE', 'Division code province 00 does not exist');

  // Only trailing all-zero groups are padding; an inner zero group is kept as given.
  while (index > 0 && /^0+$/.test(code.slice(LEVELS[index - 1].length))) {
    index--;
    code = code.slice(0, LEVELS[index].length);
  }

  const prefix = (i: number): string | undefined => (index > i ? code.slice(0, LEVELS[i].length) : undefined);
  const value: DivisionCode = {
    code,
    level: LEVELS[index].level,
    province: code.slice(0, 2),
    ...optional('city', prefix(1)),
    ...optional('county', prefix(2)),
    ...optional('township', prefix(3)),
  };
  return ok(value);
}

// Leaves absent levels out entirely so `'city' in value` and deep equality stay honest.
function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}

/** The shortest form of a code, or `undefined` when it is not a valid division code. */
export function normalizeDivisionCode(input: string): string | undefined {
  const parsed = parseDivisionCode(input);
  return parsed.ok ? parsed.value.code : undefined;
}

/**
 * Whether `code` lies in (or is) the region `scopePrefix`. Both sides are normalized first,
 * so padded and short forms compare equal. Invalid input on either side yields false, so a
 * malformed scope can never widen access.
 */
export function isWithinScope(code: string, scopePrefix: string): boolean {
  const c = normalizeDivisionCode(code);
  const scope = normalizeDivisionCode(scopePrefix);
  return c !== undefined && scope !== undefined && c.startsWith(scope);
}

/**
 * Codes of the enclosing levels, top-down: `430703100` → `['43', '4307', '430703']`.
 * @throws RangeError when `code` is not a valid division code.
 */
export function ancestorsOf(code: string): string[] {
  const parsed = parseDivisionCode(code);
  if (!parsed.ok) throw new RangeError(`Not a division code: ${parsed.message}`);
  const c = parsed.value.code;
  return LEVELS.filter((l) => l.length < c.length).map((l) => c.slice(0, l.length));
}
