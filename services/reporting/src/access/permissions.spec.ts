import { join } from 'node:path';
import type { PlatformConfig } from '@wushe/config';
import { declaredRoutes, permissionMatrix } from '@wushe/platform';
import { itEnforcesThePermissionTable } from '@wushe/testing';
import pino from 'pino';
import { ReportingModule } from '../reporting.module';
import { PERMISSIONS } from './permissions';

describe('permission matrix', () => {
  itEnforcesThePermissionTable({
    routes: () =>
      declaredRoutes(ReportingModule.forRoot({} as PlatformConfig, pino({ enabled: false }), 'api')),
    table: PERMISSIONS,
    matrix: permissionMatrix(PERMISSIONS),
    readmePath: join(__dirname, '..', '..', 'README.md'),
  });
});
