import { join } from 'node:path';
import type { PlatformConfig } from '@wushe/config';
import { declaredRoutes, permissionMatrix } from '@wushe/platform';
import { itEnforcesThePermissionTable } from '@wushe/testing';
import pino from 'pino';
import { CasesModule } from '../cases.module';
import { PERMISSIONS } from './permissions';

describe('permission matrix', () => {
  itEnforcesThePermissionTable({
    routes: () => declaredRoutes(CasesModule.forRoot({} as PlatformConfig, pino({ enabled: false }), 'api')),
    table: PERMISSIONS,
    matrix: permissionMatrix(PERMISSIONS),
    readmePath: join(__dirname, '..', '..', 'README.md'),
  });

  it('never lets an auditor or a service account change the ledger or take it out', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if (permission.endsWith('.read')) continue;
      expect({ permission, roles }).toEqual({
        permission,
        roles: expect.not.arrayContaining(['auditor', 'service_account']),
      });
    }
  });
});
