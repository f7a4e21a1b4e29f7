import { z } from 'zod';

// A small, pure rule engine for policy matching (政策找人). A policy's rules are data (the
// `assistance_policy.rules` column): a tree of `all` / `any` over conditions on a person's facts.
// Facts that were not supplied (income, the local line, disability grade) make a condition
// "unknown" rather than false, so the engine can say which facts would settle an undecided policy.

export const SEXES = ['male', 'female'] as const;

const categoryCondition = z
  .object({ fact: z.literal('category'), anyOf: z.array(z.string().min(1)).min(1) })
  .strict();
const ageCondition = z
  .object({
    fact: z.literal('age'),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((c) => c.min !== undefined || c.max !== undefined, 'age needs min or max');
const disabilityCondition = z
  .object({ fact: z.literal('disabilityGrade'), max: z.number().int().min(1).max(4) })
  .strict();
/** Income per head ≤ `maxPercentOfLine`% of the local line, and (optionally) above `abovePercentOfLine`%. */
const incomeCondition = z
  .object({
    fact: z.literal('incomePerHead'),
    maxPercentOfLine: z.number().int().min(1).max(1000),
    abovePercentOfLine: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
const sexCondition = z.object({ fact: z.literal('sex'), is: z.enum(SEXES) }).strict();

export const conditionSchema = z.union([
  categoryCondition,
  ageCondition,
  disabilityCondition,
  incomeCondition,
  sexCondition,
]);
export type Condition = z.infer<typeof conditionSchema>;

export type Rule = Condition | { all: Rule[] } | { any: Rule[] };

export const ruleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ruleSchema).min(1) }).strict(),
    z.object({ any: z.array(ruleSchema).min(1) }).strict(),
    conditionSchema,
  ]),
);

/** What is known about the person on the day of the evaluation. */
export interface Facts {
  /** Category codes held on that day. */
  categories: readonly string[];
  age: number;
  sex: (typeof SEXES)[number];
  /** 1 (most severe) … 4; absent when unknown or not disabled. */
  disabilityGrade?: number;
  /** Household income per head, in fen per month. */
  incomePerHeadFen?: number;
  /** The local 低保 line, in fen per month (a parameter of the evaluation, not a fact of the person). */
  localLineFen?: number;
}

export type MissingFact = 'disabilityGrade' | 'incomePerHead' | 'localLine';

export interface Verdict {
  /** true: the rules hold; false: they fail; null: undecided until `missing` facts are supplied. */
  outcome: boolean | null;
  /** For a true outcome, why it holds (the conditions that made it true). */
  reasons: string[];
  /** For a null outcome, the facts that would settle it. */
  missing: MissingFact[];
}

const verdict = (outcome: boolean | null, reasons: string[] = [], missing: MissingFact[] = []): Verdict => ({
  outcome,
  reasons,
  missing,
});

function percentOf(line: number, percent: number): number {
  return Math.floor((line * percent) / 100);
}

function evaluateCondition(c: Condition, facts: Facts): Verdict {
  switch (c.fact) {
    case 'category': {
      const held = c.anyOf.filter((code) => facts.categories.includes(code));
      return held.length
        ? verdict(
            true,
            held.map((code) => `category:${code}`),
          )
        : verdict(false);
    }
    case 'age': {
      if (c.min !== undefined && facts.age < c.min) return verdict(false);
      if (c.max !== undefined && facts.age > c.max) return verdict(false);
      const bounds = [c.min !== undefined ? `≥${c.min}` : '', c.max !== undefined ? `≤${c.max}` : '']
        .filter(Boolean)
        .join(' ');
      return verdict(true, [`age:${facts.age} ${bounds}`]);
    }
    case 'disabilityGrade':
      if (facts.disabilityGrade === undefined) return verdict(null, [], ['disabilityGrade']);
      return facts.disabilityGrade <= c.max
        ? verdict(true, [`disabilityGrade:${facts.disabilityGrade} ≤${c.max}`])
        : verdict(false);
    case 'incomePerHead': {
      const missing: MissingFact[] = [];
      if (facts.incomePerHeadFen === undefined) missing.push('incomePerHead');
      if (facts.localLineFen === undefined) missing.push('localLine');
      if (facts.incomePerHeadFen === undefined || facts.localLineFen === undefined) {
        return verdict(null, [], missing);
      }
      const ceiling = percentOf(facts.localLineFen, c.maxPercentOfLine);
      if (facts.incomePerHeadFen > ceiling) return verdict(false);
      if (c.abovePercentOfLine !== undefined) {
        const floor = percentOf(facts.localLineFen, c.abovePercentOfLine);
        if (facts.incomePerHeadFen <= floor) return verdict(false);
        return verdict(true, [
          `incomePerHead:${facts.incomePerHeadFen} in (${c.abovePercentOfLine}%, ${c.maxPercentOfLine}%] of line ${facts.localLineFen}`,
        ]);
      }
      return verdict(true, [
        `incomePerHead:${facts.incomePerHeadFen} ≤${c.maxPercentOfLine}% of line ${facts.localLineFen}`,
      ]);
    }
    case 'sex':
      return facts.sex === c.is ? verdict(true, [`sex:${c.is}`]) : verdict(false);
  }
}

const unique = <T>(items: T[]) => [...new Set(items)];

/**
 * Three-valued evaluation. `all`: false if any child is false, else undecided if any is, else true
 * (reasons: every child's). `any`: true if any child is (reasons: the true children's), else
 * undecided if any is, else false.
 */
export function evaluate(rule: Rule, facts: Facts): Verdict {
  if ('all' in rule) {
    const results = rule.all.map((r) => evaluate(r, facts));
    if (results.some((r) => r.outcome === false)) return verdict(false);
    if (results.some((r) => r.outcome === null)) {
      return verdict(null, [], unique(results.flatMap((r) => r.missing)));
    }
    return verdict(true, unique(results.flatMap((r) => r.reasons)));
  }
  if ('any' in rule) {
    const results = rule.any.map((r) => evaluate(r, facts));
    const holding = results.filter((r) => r.outcome === true);
    if (holding.length) return verdict(true, unique(holding.flatMap((r) => r.reasons)));
    if (results.some((r) => r.outcome === null)) {
      return verdict(null, [], unique(results.flatMap((r) => r.missing)));
    }
    return verdict(false);
  }
  return evaluateCondition(rule, facts);
}

/** Parses stored rules; throws a ZodError when the catalogue holds something the engine cannot run. */
export function parseRules(json: unknown): Rule {
  return ruleSchema.parse(json);
}
