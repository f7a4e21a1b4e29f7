import { definePermissions } from '@wushe/platform';

/**
 * Volunteers' permission matrix: the one place that says which roles may do what. The service has no
 * routes yet; the first one adds its permission here and names it with @Permit (a test fails on a
 * route without one). services/volunteers/README.md renders this table (node tools/permissions-table.js).
 */
export const volunteersPermissions = definePermissions({});

export const PERMISSIONS = volunteersPermissions.table;
export const { Permit, scopeFor } = volunteersPermissions;
