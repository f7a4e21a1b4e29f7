import { definePermissions } from '@wushe/platform';

/**
 * Identity's permission matrix: the one place that says which roles may do what. A route names a
 * permission (@Permit); the guard lets through callers holding one of its roles anywhere, and the
 * use case confines the data to the regions where they hold it (scopeFor), in the data layer.
 * services/identity/README.md renders this table for people (node tools/permissions-table.js).
 */
export const identityPermissions = definePermissions({
  'regions.read': [
    'province_admin',
    'city_admin',
    'county_admin',
    'supervisor',
    'station_worker',
    'point_worker',
    'volunteer_coordinator',
    'organization_admin',
    'auditor',
    'service_account',
  ],
  'stations.read': [
    'province_admin',
    'city_admin',
    'county_admin',
    'supervisor',
    'station_worker',
    'point_worker',
    'volunteer_coordinator',
    'auditor',
    'service_account',
  ],
  'stations.manage': ['province_admin', 'city_admin', 'county_admin'],
  'coverage.read': [
    'province_admin',
    'city_admin',
    'county_admin',
    'supervisor',
    'auditor',
    'service_account',
  ],
  'accounts.read': ['province_admin', 'city_admin', 'county_admin', 'auditor'],
  'accounts.manage': ['province_admin', 'city_admin', 'county_admin'],
  'service-accounts.manage': ['province_admin', 'city_admin'],
  'keys.rotate': ['province_admin'],
  'audit.read': ['province_admin', 'city_admin', 'auditor'],
  'staff.read': [
    'province_admin',
    'city_admin',
    'county_admin',
    'supervisor',
    'station_worker',
    'auditor',
    'service_account',
  ],
  'staff.manage': ['province_admin', 'city_admin', 'county_admin', 'station_worker'],
  'trainings.read': [
    'province_admin',
    'city_admin',
    'county_admin',
    'supervisor',
    'station_worker',
    'point_worker',
    'volunteer_coordinator',
    'auditor',
    'service_account',
  ],
  'trainings.manage': ['province_admin', 'city_admin', 'county_admin', 'supervisor'],
});

export const PERMISSIONS = identityPermissions.table;
export type Permission = keyof typeof PERMISSIONS;
export const { Permit, scopeFor, loadForAction } = identityPermissions;
