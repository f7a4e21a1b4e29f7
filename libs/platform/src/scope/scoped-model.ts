import type { Args, Exact, Result } from '@prisma/client/runtime/client';
import { RegionScope } from './region-scope';

type AnyFn = (...args: never[]) => unknown;

/** A Prisma model delegate (`client.visit`), as far as scoping needs to know it. */
export interface ModelDelegate {
  findMany: AnyFn;
  findFirst: AnyFn;
}

/** The scalar fields of a model: what a region column may be. */
export type ScalarField<D> = Extract<keyof Result<D, object, 'findFirstOrThrow'>, string>;

type Where = Record<string, unknown>;

/**
 * Every operation of a region-owned model, each taking the RegionScope first. Reads and the
 * `where` of updates and deletes are confined to the scope; created rows and changed region columns
 * must lie inside it (its prefixes, not the ancestors a reading scope may include), or the call
 * throws OUT_OF_SCOPE before reaching the database.
 */
export interface ScopedDelegate<D> {
  findMany<A = object>(
    scope: RegionScope,
    args?: Exact<A, Args<D, 'findMany'>>,
  ): Promise<Result<D, A, 'findMany'>>;
  findFirst<A = object>(
    scope: RegionScope,
    args?: Exact<A, Args<D, 'findFirst'>>,
  ): Promise<Result<D, A, 'findFirst'>>;
  findFirstOrThrow<A = object>(
    scope: RegionScope,
    args?: Exact<A, Args<D, 'findFirstOrThrow'>>,
  ): Promise<Result<D, A, 'findFirstOrThrow'>>;
  /** A unique lookup that also matches the scope (Prisma accepts filters beside the unique key). */
  findUnique<A>(
    scope: RegionScope,
    args: Exact<A, Args<D, 'findUnique'>>,
  ): Promise<Result<D, A, 'findUnique'>>;
  findUniqueOrThrow<A>(
    scope: RegionScope,
    args: Exact<A, Args<D, 'findUniqueOrThrow'>>,
  ): Promise<Result<D, A, 'findUniqueOrThrow'>>;
  count<A = object>(scope: RegionScope, args?: Exact<A, Args<D, 'count'>>): Promise<Result<D, A, 'count'>>;
  aggregate<A>(scope: RegionScope, args: Exact<A, Args<D, 'aggregate'>>): Promise<Result<D, A, 'aggregate'>>;
  create<A>(scope: RegionScope, args: Exact<A, Args<D, 'create'>>): Promise<Result<D, A, 'create'>>;
  createMany<A>(
    scope: RegionScope,
    args: Exact<A, Args<D, 'createMany'>>,
  ): Promise<Result<D, A, 'createMany'>>;
  createManyAndReturn<A>(
    scope: RegionScope,
    args: Exact<A, Args<D, 'createManyAndReturn'>>,
  ): Promise<Result<D, A, 'createManyAndReturn'>>;
  update<A>(scope: RegionScope, args: Exact<A, Args<D, 'update'>>): Promise<Result<D, A, 'update'>>;
  updateMany<A>(
    scope: RegionScope,
    args: Exact<A, Args<D, 'updateMany'>>,
  ): Promise<Result<D, A, 'updateMany'>>;
  upsert<A>(scope: RegionScope, args: Exact<A, Args<D, 'upsert'>>): Promise<Result<D, A, 'upsert'>>;
  delete<A>(scope: RegionScope, args: Exact<A, Args<D, 'delete'>>): Promise<Result<D, A, 'delete'>>;
  deleteMany<A = object>(
    scope: RegionScope,
    args?: Exact<A, Args<D, 'deleteMany'>>,
  ): Promise<Result<D, A, 'deleteMany'>>;
}

/** `where` AND the scope, keeping a unique key at the top level (Prisma's extended unique where). */
function confine(scope: RegionScope, field: string, where: Where | undefined): Where {
  const scoped = scope.where(field);
  if (Object.keys(scoped).length === 0) return where ?? {};
  if (!where) return scoped;
  const and = where.AND === undefined ? [] : Array.isArray(where.AND) ? where.AND : [where.AND];
  return { ...where, AND: [...and, scoped] };
}

/** A region column's new value in create or update data (`'x'` or `{ set: 'x' }`), if it has one. */
function written(data: unknown, field: string): unknown {
  if (!data || typeof data !== 'object') return undefined;
  const value = (data as Where)[field];
  if (value && typeof value === 'object' && 'set' in value) return (value as { set: unknown }).set;
  return value;
}

function assertWritable(scope: RegionScope, model: string, field: string, code: unknown, required: boolean) {
  if (code === undefined && !required) return;
  if (typeof code !== 'string') {
    // A programming error, not a caller's: the row's region must be written as a plain column.
    throw new Error(`${model}: a scoped write must set ${field} to a region code`);
  }
  scope.assertMayWrite(code);
}

const READS = [
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'count',
  'aggregate',
];
const CONFINED_WRITES = ['update', 'updateMany', 'delete', 'deleteMany'];

/**
 * Wraps a Prisma model whose rows belong to a region so that every operation names a RegionScope.
 * Services never hand out the raw model (see ScopedDatabase), so an unscoped read or write of
 * scoped data does not type-check.
 */
export function scopedModel<D extends ModelDelegate>(
  delegate: D,
  regionField: string,
  model = 'model',
): ScopedDelegate<D> {
  const run = (method: string, args: unknown) =>
    (delegate as unknown as Record<string, (a: unknown) => Promise<unknown>>)[method].call(delegate, args);
  const scoped: Record<string, (scope: RegionScope, args?: Where) => Promise<unknown>> = {};
  for (const method of READS) {
    scoped[method] = (scope, args) =>
      run(method, { ...args, where: confine(scope, regionField, args?.where as Where) });
  }
  for (const method of CONFINED_WRITES) {
    scoped[method] = (scope, args) => {
      assertWritable(scope, model, regionField, written(args?.data, regionField), false);
      return run(method, { ...args, where: confine(scope, regionField, args?.where as Where) });
    };
  }
  for (const method of ['create', 'createMany', 'createManyAndReturn']) {
    scoped[method] = (scope, args) => {
      const data = args?.data;
      for (const row of Array.isArray(data) ? data : [data]) {
        assertWritable(scope, model, regionField, written(row, regionField), true);
      }
      return run(method, args);
    };
  }
  scoped.upsert = (scope, args) => {
    assertWritable(scope, model, regionField, written(args?.create, regionField), true);
    assertWritable(scope, model, regionField, written(args?.update, regionField), false);
    return run('upsert', { ...args, where: confine(scope, regionField, args?.where as Where) });
  };
  // A refused write is a rejected promise, like every other failure of a Prisma call.
  for (const [method, fn] of Object.entries(scoped)) {
    scoped[method] = (scope, args) => {
      try {
        return fn(scope, args);
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return scoped as unknown as ScopedDelegate<D>;
}
