import { join } from 'node:path';
import type { PlatformConfig } from '@wushe/config';
import { declaredRoutes, permissionMatrix } from '@wushe/platform';
import { itEnforcesThePermissionTable } from '@wushe/testing';
import pino from 'pino';
import { IdentityModule } from '../identity.module';
import { PERMISSIONS } from './permissions';

describe('permission matrix', () => {
  itEnforcesThePermissionTable({
    routes: () =>
      declaredRoutes(IdentityModule.forRoot({} as PlatformConfig, pino({ enabled: false }), 'api')),
    table: PERMISSIONS,
    matrix: permissionMatrix(PERMISSIONS),
    readmePath: join(__dirname, '..', '..', 'README.md'),
  });

  it('never lets an auditor write', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if (/\.(manage|rotate)$/.test(permission)) expect(roles).not.toContain('auditor');
    }
  });
});
