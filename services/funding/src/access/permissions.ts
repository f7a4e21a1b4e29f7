import { definePermissions } from '@wushe/platform';

/**
 * Funding's permission matrix: the one place that says which roles may do what. The service has no
 * routes yet; the first one adds its permission here and names it with @Permit (a test fails on a
 * route without one). services/funding/README.md renders this table (node tools/permissions-table.js).
 */
export const fundingPermissions = definePermissions({});

export const PERMISSIONS = fundingPermissions.table;
export const { Permit, scopeFor } = fundingPermissions;
