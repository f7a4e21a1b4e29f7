import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LintMessage, lintAs, lintManyAs } from './lint-stdin';

// Direct database access belongs in repositories and read queries (eslint.config.mjs,
// DATABASE_ACCESS). These prove the rule fires where it should and not where it should not, and
// keep the list of files from before the rule honest: a listed file that no longer reaches the
// database must leave the list, so the list can only shrink.
const root = join(__dirname, '..', '..');

function databaseMessages(messages: LintMessage[]): string[] {
  return messages
    .filter((m) => m.ruleId === 'no-restricted-syntax' && /repository|query\.ts/.test(m.message))
    .map((m) => m.message);
}

const databaseErrors = (file: string, code: string) => databaseMessages(lintAs(file, code));

const legacy = [
  ...readFileSync(join(root, 'eslint.config.mjs'), 'utf8')
    .split('const DATABASE_ACCESS_LEGACY = [')[1]
    .split('];')[0]
    .matchAll(/'([^']+)'/g),
].map((m) => m[1]);

describe('database access only in repositories and queries', () => {
  const useCase = 'services/cases/src/visits/probe/probe.use-case.ts';

  it.each([
    ['a scoped model', 'export const f = (tx: any, s: any) => tx.scoped.visit.findMany(s);'],
    ['a Prisma call on a transaction', 'export const f = (tx: any) => tx.visit.create({ data: {} });'],
    [
      'a Prisma call on the injected client',
      'export class C { db: any; f() { return this.db.visit.count(); } }',
    ],
    ['raw SQL through Prisma', 'export const f = (tx: any) => tx.$queryRaw`SELECT 1`;'],
    ['SQL on a pool', "export const f = (pool: any) => pool.query('SELECT 1');"],
  ])('fires in a use case for %s', (_name, code) => {
    expect(databaseErrors(useCase, code)).toHaveLength(1);
  });

  it('allows the same in a repository and in a read query', () => {
    const code = 'export const f = (tx: any, s: any) => tx.scoped.visit.findMany(s);';
    expect(databaseErrors('services/cases/src/visits/probe.repository.ts', code)).toEqual([]);
    expect(databaseErrors('services/cases/src/visits/probe.query.ts', code)).toEqual([]);
  });

  it('lists only files that still reach the database themselves', () => {
    const results = lintManyAs(
      legacy.map((file) => ({
        file: join(dirname(file), `unlisted-${basename(file)}`),
        code: readFileSync(join(root, file), 'utf8'),
      })),
    );
    const stale = legacy.filter((_file, i) => databaseMessages(results[i]).length === 0);
    expect(stale).toEqual([]);
    expect(legacy.length).toBeLessThanOrEqual(39);
  });
});
