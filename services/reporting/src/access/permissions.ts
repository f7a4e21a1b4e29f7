import { definePermissions } from '@wushe/platform';

/**
 * Reporting's permission matrix: the one place that says which roles may do what. A route names a
 * permission (@Permit); the guard lets through callers holding one of its roles anywhere, and the
 * query confines the figures to the regions where they hold it (scopeFor). Reports are counts, never
 * people, so outside systems (service accounts) may read them. services/reporting/README.md renders
 * this table (node tools/permissions-table.js).
 */
export const reportingPermissions = definePermissions({
  /** Visits and needs found per child region and kind (the visits read model). */
  'visit-reports.read': [
    'province_admin',
    'city_admin',
    'county_admin',
    'station_worker',
    'point_worker',
    'supervisor',
    'auditor',
    'service_account',
  ],
});

export const PERMISSIONS = reportingPermissions.table;
export type Permission = keyof typeof PERMISSIONS;
export const { Permit, scopeFor } = reportingPermissions;
