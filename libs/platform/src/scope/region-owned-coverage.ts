import { regionColumn } from './scoped-database';

/**
 * What a region column is called: a field named after a division level (`regionCode`,
 * `villageCode`, `townshipCode` … `provinceCode`), or ending in one (`ledgerVillage`,
 * `homeTownshipCode`). `parentCode` (the division table's own tree) and codes of other things
 * (`policyCode`) are not.
 */
export const REGION_COLUMN =
  /^(region|province|city|county|township|village)Code$|(Region|Province|City|County|Township|Village)(Code)?$/;

/** The part of Prisma's DMMF (`Prisma.dmmf.datamodel`) the check reads. */
export interface DatamodelLike {
  readonly models: ReadonlyArray<{
    readonly name: string;
    readonly fields: ReadonlyArray<{ name: string; kind: string; type: string; dbName?: string | null }>;
  }>;
}

/** A service's declaration: its region-owned models, and the others with a region column and why. */
export interface RegionOwnership {
  readonly regionOwned: Readonly<Record<string, string | undefined>>;
  readonly notRegionOwned: Readonly<Record<string, string | undefined>>;
}

const accessor = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);

/**
 * Everything wrong with a service's declaration against its Prisma datamodel: a model with a region
 * column that is neither declared region-owned nor excused with a reason, a declared field that is
 * not a plain text column named as `regionColumn` expects (raw SQL derives the column from it),
 * and declarations or excuses naming models that do not exist or have no region column.
 */
export function regionOwnershipProblems(datamodel: DatamodelLike, declared: RegionOwnership): string[] {
  const problems: string[] = [];
  const models = new Map(datamodel.models.map((m) => [accessor(m.name), m]));
  for (const [name, model] of models) {
    const columns = model.fields.filter((f) => f.kind === 'scalar' && REGION_COLUMN.test(f.name));
    const field = declared.regionOwned[name];
    const reason = declared.notRegionOwned[name];
    if (field) {
      const column = model.fields.find((f) => f.name === field);
      if (!column || column.kind !== 'scalar' || column.type !== 'String') {
        problems.push(`${name}: region field ${field} is not a text column of the model`);
      } else if ((column.dbName ?? column.name) !== regionColumn(field)) {
        problems.push(
          `${name}: ${field} is mapped to ${column.dbName}, raw SQL expects ${regionColumn(field)}`,
        );
      }
      if (reason) problems.push(`${name}: declared region-owned and not region-owned at once`);
    } else if (columns.length && !reason?.trim()) {
      problems.push(`${name}: has ${columns.map((c) => c.name).join(', ')} but is not declared region-owned`);
    } else if (!columns.length && reason) {
      problems.push(`${name}: excused as not region-owned but has no region column`);
    }
  }
  for (const name of [...Object.keys(declared.regionOwned), ...Object.keys(declared.notRegionOwned)]) {
    if (!models.has(name)) problems.push(`${name}: no such model`);
  }
  return problems;
}
