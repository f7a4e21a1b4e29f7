import { readFileSync } from 'node:fs';
import type { DynamicModule, Type } from '@nestjs/common';
import { declaredRoutes, permissionMatrix, PermissionTable } from '@wushe/platform';

const MATRIX = /<!-- permission-matrix:start -->\s*\n([\s\S]*?)\n\s*<!-- permission-matrix:end -->/;

/** The permission matrix a README shows between its markers (undefined when it has none). */
export function readmeMatrix(readme: string): string | undefined {
  return MATRIX.exec(readme)?.[1].trim();
}

/**
 * The checks every service's permission table must pass: each route of the service's module names a
 * permission of the table or is marked @Public()/@SignedIn(), and the README shows the table exactly
 * as enforced. Declares Jest tests; call it inside a describe.
 */
export function itEnforcesThePermissionTable(options: {
  /** The service's root module as an API process builds it (controllers are found from metadata). */
  module: () => Type<unknown> | DynamicModule;
  table: PermissionTable;
  readmePath: string;
}): void {
  it('puts a permission (or an explicit @Public/@SignedIn) on every route', () => {
    const routes = declaredRoutes(options.module());
    const named = (r: (typeof routes)[number]) => `${r.route} (${r.controller})`;
    const undeclared = routes.filter((r) => r.access.kind === 'undeclared').map(named);
    const unknown = routes
      .filter((r) => r.access.kind === 'permission' && !(r.access.permission in options.table))
      .map(named);
    expect({ undeclared, unknown }).toEqual({ undeclared: [], unknown: [] });
  });

  it('is documented in the service README exactly as enforced (node tools/permissions-table.js)', () => {
    const documented = readmeMatrix(readFileSync(options.readmePath, 'utf8'));
    expect(documented).toBe(permissionMatrix(options.table));
  });
}
