import { readFileSync } from 'node:fs';

const MATRIX = /<!-- permission-matrix:start -->\s*\n([\s\S]*?)\n\s*<!-- permission-matrix:end -->/;

/** The permission matrix a README shows between its markers (undefined when it has none). */
export function readmeMatrix(readme: string): string | undefined {
  return MATRIX.exec(readme)?.[1].trim();
}

/** A route as platform's declaredRoutes reports it (kept structural: testing does not import platform). */
interface RouteWithAccess {
  route: string;
  controller: string;
  access: { kind: string; permission?: string };
}

/**
 * The checks every service's permission table must pass: each route of the service's module names a
 * permission of the table or is marked @Public()/@SignedIn(), and the README shows the table exactly
 * as enforced. Declares Jest tests; call it inside a describe.
 */
export function itEnforcesThePermissionTable(options: {
  /** platform's declaredRoutes(…) of the service's root module as an API process builds it. */
  routes: () => RouteWithAccess[];
  table: Record<string, readonly string[]>;
  /** platform's permissionMatrix(table): what the README must show. */
  matrix: string;
  readmePath: string;
}): void {
  it('puts a permission (or an explicit @Public/@SignedIn) on every route', () => {
    const routes = options.routes();
    const named = (r: RouteWithAccess) => `${r.route} (${r.controller})`;
    const undeclared = routes.filter((r) => r.access.kind === 'undeclared').map(named);
    const unknown = routes
      .filter((r) => r.access.kind === 'permission' && !((r.access.permission ?? '') in options.table))
      .map(named);
    expect({ undeclared, unknown }).toEqual({ undeclared: [], unknown: [] });
  });

  it('is documented in the service README exactly as enforced (node tools/permissions-table.js)', () => {
    expect(readmeMatrix(readFileSync(options.readmePath, 'utf8'))).toBe(options.matrix);
  });
}
