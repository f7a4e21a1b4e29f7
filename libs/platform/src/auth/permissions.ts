import { applyDecorators, SetMetadata } from '@nestjs/common';
import { CommonErrors } from '../errors/domain-error';
import { RegionScope } from '../scope/region-scope';
import { PUBLIC_KEY, RequireRoles } from './auth.guard';
import { Principal, Role, ROLES } from './principal';

/** Route metadata: the permission a route names (read by the route-coverage test and the docs). */
export const PERMISSION_KEY = 'wushe:permission';
/** Route metadata: any verified caller may call it; the use case confines it to their own rows. */
export const SIGNED_IN_KEY = 'wushe:signed-in';

/** A service's permission matrix: permission → the roles that hold it. */
export type PermissionTable = Record<string, readonly Role[]>;

/**
 * A route any caller with a valid token may use, whatever her roles: her own notifications, her own
 * password. Explicit, so that a route without a permission is a mistake a test can find.
 */
export const SignedIn = () => SetMetadata(SIGNED_IN_KEY, true);

/** What a route declares about access, for tests and docs: a permission, public, signed-in, or nothing. */
export type RouteAccess =
  | { kind: 'permission'; permission: string }
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'undeclared' };

export function routeAccess(handler: object, controller: object): RouteAccess {
  const read = (key: string): unknown =>
    Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
  const permission = read(PERMISSION_KEY);
  if (typeof permission === 'string') return { kind: 'permission', permission };
  if (read(PUBLIC_KEY) === true) return { kind: 'public' };
  if (read(SIGNED_IN_KEY) === true) return { kind: 'signed-in' };
  return { kind: 'undeclared' };
}

/** Which rights a load checks: `read` decides whether the row exists for her, `act` whether she may act. */
export interface ActionScopes {
  read: RegionScope;
  act: RegionScope;
}

/**
 * The one error policy for acting on a record by id: a row she may act on is returned; one she may
 * read but not act on is 403 COMMON.FORBIDDEN; one outside her read scope — in another region or
 * nowhere — is 404 COMMON.NOT_FOUND, so its existence is not disclosed. `find` must confine its read
 * to the scope it is given (a repository's scoped read). The act scope is tried first, so the usual
 * case costs one query.
 */
export async function loadForAction<T>(
  scopes: ActionScopes,
  what: { resource: string; id: string },
  find: (scope: RegionScope) => Promise<T | null>,
): Promise<T> {
  const row = await find(scopes.act);
  if (row) return row;
  if (await find(scopes.read)) throw CommonErrors.FORBIDDEN();
  throw CommonErrors.NOT_FOUND({ resource: what.resource, id: what.id });
}

/**
 * Declares a service's permission table once and derives what enforces it: `Permit` for routes (the
 * guard admits holders of one of the roles, anywhere), `scopeFor` for the data layer (the regions
 * where she holds one of them), `loadForAction` for acting on a record by id. The table itself is
 * exported for the README's generated matrix and the tests.
 */
export function definePermissions<const T extends PermissionTable>(table: T) {
  type Permission = keyof T & string;
  const roles = (permission: Permission): readonly Role[] => table[permission];
  return {
    table,
    /** Route guard: the caller must hold one of the permission's roles (in some region). */
    Permit: (permission: Permission) =>
      applyDecorators(SetMetadata(PERMISSION_KEY, permission), RequireRoles(...roles(permission))),
    /** The regions where the caller holds the permission: what a query for them may touch. */
    scopeFor: (principal: Principal, permission: Permission): RegionScope =>
      RegionScope.of(principal, roles(permission)),
    /** Whether the caller holds the permission anywhere (the guard's question). */
    holds: (principal: Principal, permission: Permission): boolean =>
      principal.grants.some((g) => roles(permission).includes(g.role)),
    /** loadForAction with the scopes of two permissions of this table. */
    loadForAction: <R>(
      principal: Principal,
      permissions: { read: Permission; act: Permission },
      what: { resource: string; id: string },
      find: (scope: RegionScope) => Promise<R | null>,
    ): Promise<R> =>
      loadForAction(
        {
          read: RegionScope.of(principal, roles(permissions.read)),
          act: RegionScope.of(principal, roles(permissions.act)),
        },
        what,
        find,
      ),
  };
}

/**
 * The Markdown matrix of a permission table (one row per permission, one column per role), as the
 * services' READMEs show it between `<!-- permission-matrix:start -->` and `…:end -->`.
 */
export function permissionMatrix(table: PermissionTable): string {
  const header = ['permission', ...ROLES];
  const rows = Object.entries(table).map(([permission, holders]) => [
    `\`${permission}\``,
    ...ROLES.map((r) => (holders.includes(r) ? '✓' : '')),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i]))));
  // Formatted as prettier formats a Markdown table, so the README stays prettier-clean.
  const cell = (c: string, i: number) => {
    const pad = widths[i] - width(c);
    if (i === 0) return c + ' '.repeat(pad);
    return ' '.repeat(Math.floor(pad / 2)) + c + ' '.repeat(Math.ceil(pad / 2));
  };
  const rule = widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `:${'-'.repeat(w - 2)}:`));
  return [header.map(cell), rule, ...rows.map((r) => r.map(cell))]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

/** Display width as prettier counts it: ✓ is one column. */
const width = (s: string) => [...s].length;
