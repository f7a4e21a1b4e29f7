import type { CasesTestApp } from './cases-app';

type Db = Pick<CasesTestApp, 'db' | 'env'>;

export interface SchemaScan {
  /** Every column read, as `table.column`. */
  columns: string[];
  /** How many non-null values were read. */
  scanned: number;
}

export interface SchemaScanOptions {
  /** Only the tables this accepts (all by default). */
  tables?: (table: string) => boolean;
  /** Array columns too (default true). */
  arrays?: boolean;
}

/**
 * PIPL: reads every non-null value of every text, json (and array) column of the run's cases
 * schema as text and fails on the first one `leak` finds plaintext in. `leak` answers what it
 * found (`plaintext personal data`), or nothing. The caller asserts on what was scanned.
 */
export async function scanSchemaText(
  t: Db,
  leak: (value: string) => string | undefined,
  options: SchemaScanOptions = {},
): Promise<SchemaScan> {
  const schema = t.env.databases.cases.schema;
  const types = `data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`;
  const { rows } = await t.db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = $1 AND (${types}${options.arrays === false ? '' : ` OR data_type = 'ARRAY'`})`,
    [schema],
  );
  const columns = rows.filter((c) => options.tables?.(c.table_name) ?? true);
  let scanned = 0;
  for (const { table_name, column_name } of columns) {
    const values = await t.db.query<{ v: string }>(
      `SELECT "${column_name}"::text AS v FROM "${schema}"."${table_name}" WHERE "${column_name}" IS NOT NULL`,
    );
    for (const { v } of values.rows) {
      scanned += 1;
      const found = leak(v);
      if (found) throw new Error(`${table_name}.${column_name} holds ${found}`);
    }
  }
  return { columns: columns.map((c) => `${c.table_name}.${c.column_name}`), scanned };
}

/** `what` when `value` contains any of `secrets`. */
export const anyOf =
  (secrets: readonly string[], what = 'plaintext personal data') =>
  (value: string): string | undefined =>
    secrets.some((s) => value.includes(s)) ? what : undefined;

/** Every outbox envelope of the run, as text. */
export async function envelopeTexts(t: Db): Promise<string[]> {
  const { rows } = await t.db.query<{ e: string }>('SELECT envelope::text AS e FROM outbox_event');
  return rows.map((r) => r.e);
}
