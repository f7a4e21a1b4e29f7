import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, Facts, parseRules, Rule } from './rule-engine';

/** The catalogue the migration seeds, read from the SQL itself: code → parsed rules. */
function seededCatalogue(): Map<string, Rule> {
  const sql = readFileSync(
    join(__dirname, '../../prisma/migrations/20261128130000_policies/migration.sql'),
    'utf8',
  );
  return new Map(
    [...sql.matchAll(/\('([a-z-]+)', '[^']+', '[^']+',\s*'(\{.*\})'\)/g)].map((m) => [
      m[1],
      parseRules(JSON.parse(m[2])),
    ]),
  );
}

const base: Facts = { categories: [], age: 40, sex: 'female' };
const facts = (over: Partial<Facts> = {}): Facts => ({ ...base, ...over });
const outcome = (rule: Rule, f: Facts) => evaluate(rule, f).outcome;

describe('conditions', () => {
  it('category: true when any listed code is held, with a reason per held code', () => {
    const rule: Rule = { fact: 'category', anyOf: ['dibao', 'tekun'] };
    expect(evaluate(rule, facts({ categories: ['tekun', 'disabled'] }))).toEqual({
      outcome: true,
      reasons: ['category:tekun'],
      missing: [],
    });
    expect(evaluate(rule, facts({ categories: ['dibao', 'tekun'] })).reasons).toEqual([
      'category:dibao',
      'category:tekun',
    ]);
    expect(outcome(rule, facts({ categories: ['disabled'] }))).toBe(false);
    expect(outcome(rule, facts())).toBe(false);
  });

  it.each([
    [{ min: 60 }, 59, false],
    [{ min: 60 }, 60, true],
    [{ min: 60 }, 61, true],
    [{ max: 15 }, 15, true],
    [{ max: 15 }, 16, false],
    [{ min: 3, max: 22 }, 2, false],
    [{ min: 3, max: 22 }, 3, true],
    [{ min: 3, max: 22 }, 22, true],
    [{ min: 3, max: 22 }, 23, false],
  ])('age %j at %i → %s (bounds inclusive)', (bounds, age, expected) => {
    expect(outcome({ fact: 'age', ...bounds }, facts({ age }))).toBe(expected);
  });

  it('age reasons name the age and the bounds', () => {
    expect(evaluate({ fact: 'age', min: 80 }, facts({ age: 85 })).reasons).toEqual(['age:85 ≥80']);
    expect(evaluate({ fact: 'age', min: 3, max: 22 }, facts({ age: 9 })).reasons).toEqual(['age:9 ≥3 ≤22']);
  });

  it('disability grade ≤ max; unknown grade is undecided, not false', () => {
    const rule: Rule = { fact: 'disabilityGrade', max: 2 };
    expect(outcome(rule, facts({ disabilityGrade: 1 }))).toBe(true);
    expect(outcome(rule, facts({ disabilityGrade: 2 }))).toBe(true);
    expect(outcome(rule, facts({ disabilityGrade: 3 }))).toBe(false);
    expect(evaluate(rule, facts())).toEqual({ outcome: null, reasons: [], missing: ['disabilityGrade'] });
  });

  it('income per head ≤ a percentage of the local line (fen, integer arithmetic)', () => {
    const rule: Rule = { fact: 'incomePerHead', maxPercentOfLine: 100 };
    const line = 60_000;
    expect(outcome(rule, facts({ incomePerHeadFen: 59_999, localLineFen: line }))).toBe(true);
    expect(outcome(rule, facts({ incomePerHeadFen: 60_000, localLineFen: line }))).toBe(true);
    expect(outcome(rule, facts({ incomePerHeadFen: 60_001, localLineFen: line }))).toBe(false);
    expect(outcome(rule, facts({ incomePerHeadFen: 0, localLineFen: line }))).toBe(true);
    const edge: Rule = { fact: 'incomePerHead', maxPercentOfLine: 150 };
    expect(outcome(edge, facts({ incomePerHeadFen: 90_000, localLineFen: line }))).toBe(true);
    expect(outcome(edge, facts({ incomePerHeadFen: 90_001, localLineFen: line }))).toBe(false);
    // 150% of an odd line rounds down: 333 → 499.
    expect(outcome(edge, facts({ incomePerHeadFen: 499, localLineFen: 333 }))).toBe(true);
    expect(outcome(edge, facts({ incomePerHeadFen: 500, localLineFen: 333 }))).toBe(false);
  });

  it('income band (above x%, at most y%) excludes the lower bound', () => {
    const rule: Rule = { fact: 'incomePerHead', abovePercentOfLine: 100, maxPercentOfLine: 150 };
    const line = 60_000;
    expect(outcome(rule, facts({ incomePerHeadFen: 60_000, localLineFen: line }))).toBe(false);
    expect(outcome(rule, facts({ incomePerHeadFen: 60_001, localLineFen: line }))).toBe(true);
    expect(outcome(rule, facts({ incomePerHeadFen: 90_000, localLineFen: line }))).toBe(true);
    expect(outcome(rule, facts({ incomePerHeadFen: 90_001, localLineFen: line }))).toBe(false);
    expect(evaluate(rule, facts({ incomePerHeadFen: 70_000, localLineFen: line })).reasons).toEqual([
      'incomePerHead:70000 in (100%, 150%] of line 60000',
    ]);
  });

  it('income is undecided without the income, the line, or both, and says which', () => {
    const rule: Rule = { fact: 'incomePerHead', maxPercentOfLine: 100 };
    expect(evaluate(rule, facts({ localLineFen: 1 })).missing).toEqual(['incomePerHead']);
    expect(evaluate(rule, facts({ incomePerHeadFen: 1 })).missing).toEqual(['localLine']);
    expect(evaluate(rule, facts())).toEqual({
      outcome: null,
      reasons: [],
      missing: ['incomePerHead', 'localLine'],
    });
  });

  it('sex', () => {
    expect(outcome({ fact: 'sex', is: 'female' }, facts({ sex: 'female' }))).toBe(true);
    expect(outcome({ fact: 'sex', is: 'female' }, facts({ sex: 'male' }))).toBe(false);
    expect(evaluate({ fact: 'sex', is: 'male' }, facts({ sex: 'male' })).reasons).toEqual(['sex:male']);
  });
});

describe('all / any (three-valued)', () => {
  const T: Rule = { fact: 'sex', is: 'female' }; // true for base
  const F: Rule = { fact: 'sex', is: 'male' }; // false for base
  const U: Rule = { fact: 'disabilityGrade', max: 4 }; // undecided for base
  const cases: [string, Rule, boolean | null][] = [
    ['all T T', { all: [T, { fact: 'age', min: 18 }] }, true],
    ['all T F', { all: [T, F] }, false],
    ['all F U', { all: [F, U] }, false],
    ['all T U', { all: [T, U] }, null],
    ['any F F', { any: [F, F] }, false],
    ['any F T', { any: [F, T] }, true],
    ['any U T', { any: [U, T] }, true],
    ['any F U', { any: [F, U] }, null],
    ['nested all(any(F,T), any(T))', { all: [{ any: [F, T] }, { any: [T] }] }, true],
    ['nested any(all(T,F), all(F))', { any: [{ all: [T, F] }, { all: [F] }] }, false],
    ['nested any(all(T,U), F)', { any: [{ all: [T, U] }, F] }, null],
  ];
  it.each(cases)('%s → %s', (_name, rule, expected) => {
    expect(outcome(rule, base)).toBe(expected);
  });

  it('all collects every reason; any only those of the true branches', () => {
    const all: Rule = {
      all: [
        { fact: 'age', min: 18 },
        { fact: 'category', anyOf: ['dibao'] },
      ],
    };
    expect(evaluate(all, facts({ categories: ['dibao'] })).reasons).toEqual(['age:40 ≥18', 'category:dibao']);
    const any: Rule = {
      any: [
        { fact: 'age', min: 60 },
        { fact: 'category', anyOf: ['dibao'] },
      ],
    };
    expect(evaluate(any, facts({ categories: ['dibao'] })).reasons).toEqual(['category:dibao']);
  });

  it('undecided results merge their missing facts without repeats', () => {
    const rule: Rule = {
      all: [
        { fact: 'incomePerHead', maxPercentOfLine: 100 },
        {
          any: [
            { fact: 'disabilityGrade', max: 2 },
            { fact: 'incomePerHead', maxPercentOfLine: 150 },
          ],
        },
      ],
    };
    expect(evaluate(rule, base).missing).toEqual(['incomePerHead', 'localLine', 'disabilityGrade']);
  });
});

describe('parseRules', () => {
  it('accepts well-formed trees and rejects anything else', () => {
    expect(parseRules({ all: [{ fact: 'age', min: 80 }] })).toEqual({ all: [{ fact: 'age', min: 80 }] });
    for (const bad of [
      {},
      { all: [] },
      { fact: 'age' },
      { fact: 'income', max: 1 },
      { fact: 'disabilityGrade', max: 5 },
      { fact: 'category', anyOf: [] },
      { fact: 'sex', is: 'other' },
      { any: [{ fact: 'age', min: 1 }], extra: true },
      'dibao',
    ]) {
      expect(() => parseRules(bad)).toThrow();
    }
  });
});

// The seeded catalogue, read from the migration that inserts it, evaluated without a database.
describe('the seeded catalogue', () => {
  const catalogue = seededCatalogue();
  const line = 60_000;
  const matches = (f: Facts) =>
    [...catalogue].filter(([, rule]) => evaluate(rule, f).outcome === true).map(([code]) => code);

  it('holds the eight policies, all parseable', () => {
    expect([...catalogue.keys()].sort()).toEqual(
      [
        'dibao',
        'tekun',
        'dibao-edge',
        'temporary-relief',
        'medical-relief',
        'education-relief',
        'disability-subsidies',
        'elderly-allowance',
      ].sort(),
    );
  });

  it('a poor 85-year-old: 低保, 特困, 临时救助, 医疗救助, 高龄津贴', () => {
    expect(matches(facts({ age: 85, incomePerHeadFen: 30_000, localLineFen: line })).sort()).toEqual(
      ['dibao', 'elderly-allowance', 'medical-relief', 'temporary-relief', 'tekun'].sort(),
    );
  });

  it('a 40-year-old just above the line: 低保边缘 and 医疗救助 only', () => {
    expect(matches(facts({ incomePerHeadFen: 70_000, localLineFen: line })).sort()).toEqual([
      'dibao-edge',
      'medical-relief',
    ]);
  });

  it('a 10-year-old orphan with no income data: 医疗救助 and 教育救助', () => {
    expect(matches(facts({ age: 10, categories: ['orphan'] })).sort()).toEqual([
      'education-relief',
      'medical-relief',
    ]);
  });

  it('a grade-1 disabled adult with no income data: 残疾人两项补贴 only; 特困 undecided', () => {
    const f = facts({ categories: ['disabled'], disabilityGrade: 1 });
    expect(matches(f)).toEqual(['disability-subsidies']);
    expect(evaluate(catalogue.get('tekun') as Rule, f)).toMatchObject({
      outcome: null,
      missing: ['incomePerHead', 'localLine'],
    });
  });

  it('a grade-4 disabled adult needs 低保 (or similar) for the subsidies', () => {
    expect(matches(facts({ categories: ['disabled'], disabilityGrade: 4 }))).toEqual([]);
    expect(matches(facts({ categories: ['disabled', 'dibao'], disabilityGrade: 4 }))).toContain(
      'disability-subsidies',
    );
  });

  it('a well-off 50-year-old matches nothing', () => {
    expect(matches(facts({ age: 50, incomePerHeadFen: 500_000, localLineFen: line }))).toEqual([]);
  });
});

describe('the seeded catalogue: disability subsidies', () => {
  const rule = seededCatalogue().get('disability-subsidies') as Rule;
  it('needs the 残疾人 category: a grade alone, without it, is not enough', () => {
    expect(evaluate(rule, facts({ disabilityGrade: 1 })).outcome).toBe(false);
    expect(evaluate(rule, facts({ categories: ['dibao'] })).outcome).toBe(false);
  });
  it('a disabled person without 低保 and without a grade is undecided until the grade is known', () => {
    expect(evaluate(rule, facts({ categories: ['disabled'] }))).toEqual({
      outcome: null,
      reasons: [],
      missing: ['disabilityGrade'],
    });
  });
});
