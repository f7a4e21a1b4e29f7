import { RegionScope } from './region-scope';

type Method = (...args: never[]) => unknown;
interface ReadDelegate {
  findMany: Method;
  findFirst: Method;
  count: Method;
}
type ArgsOf<F extends Method> = Parameters<F>[0];

function confine(scope: RegionScope, field: string, args: { where?: unknown } | undefined) {
  const scoped = scope.where(field);
  return { ...(args ?? {}), where: args?.where ? { AND: [args.where, scoped] } : scoped };
}

/**
 * Wraps a Prisma model whose rows belong to a region so every read names a RegionScope. Services
 * keep the raw model private and hand out only this wrapper, so an unscoped read of scoped data
 * does not type-check.
 */
export function scopedModel<D extends ReadDelegate>(delegate: D, regionField: string) {
  const call = (method: keyof ReadDelegate, scope: RegionScope, args: unknown) =>
    (delegate[method] as unknown as (a: unknown) => unknown).call(
      delegate,
      confine(scope, regionField, args as { where?: unknown } | undefined),
    );
  return {
    findMany: (scope: RegionScope, args?: ArgsOf<D['findMany']>) =>
      call('findMany', scope, args) as ReturnType<D['findMany']>,
    findFirst: (scope: RegionScope, args?: ArgsOf<D['findFirst']>) =>
      call('findFirst', scope, args) as ReturnType<D['findFirst']>,
    count: (scope: RegionScope, args?: ArgsOf<D['count']>) =>
      call('count', scope, args) as ReturnType<D['count']>,
  };
}
