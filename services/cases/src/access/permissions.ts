import { definePermissions, Role } from '@wushe/platform';

// Who works the ledger: the field roles write it; administrators above them and auditors read it.
const FIELD_WORKERS = ['point_worker', 'station_worker', 'supervisor'] as const satisfies readonly Role[];
const LEDGER_READERS = [
  'province_admin',
  'city_admin',
  'county_admin',
  ...FIELD_WORKERS,
  'auditor',
] as const satisfies readonly Role[];
/** Who may see personal data unmasked (with a logged reason), and take the ledger out in bulk. */
const REVEALERS = [
  'province_admin',
  'city_admin',
  'county_admin',
  'station_worker',
  'supervisor',
] as const satisfies readonly Role[];

/**
 * Cases' permission matrix: the one place that says which roles may do what. A route names a
 * permission (@Permit); the guard lets through callers holding one of its roles anywhere, and the
 * use case confines the data to the regions where they hold it (scopeFor), in the data layer.
 * Acting on a record by id goes through loadForAction (404 outside the read scope, 403 readable
 * but not hers to act on). services/cases/README.md renders this table (node tools/permissions-table.js).
 */
export const casesPermissions = definePermissions({
  /** Read the ledger, masked: lists, search, one recipient. */
  'recipients.read': LEDGER_READERS,
  /** Register recipients, correct their details, change status and categories, assign a worker. */
  'recipients.manage': FIELD_WORKERS,
  /** See personal data unmasked, with a logged reason. Never auditors or service accounts. */
  'recipients.reveal': REVEALERS,
  /**
   * Take the masked ledger out in bulk. A bulk extract is what a PIPL audit looks for first, so fewer
   * roles may export than may read: point workers read the villages they visit one record at a time,
   * auditors inspect in place, service accounts receive events, never files. Every export is logged.
   */
  'ledger.export': REVEALERS,
  /** Upload rosters (低保/特困 lists) into the ledger and retry failed imports. */
  'roster-imports.manage': FIELD_WORKERS,
  /** Read imports, their error reports and village differences. */
  'roster-imports.read': LEDGER_READERS,
  /** Households and their members' masked summaries: part of the ledger. */
  'households.read': LEDGER_READERS,
  'households.manage': FIELD_WORKERS,
  /** The policy catalogue, matches and referrals. */
  'referrals.read': LEDGER_READERS,
  /** Create referrals (by matching), submit and decide them. */
  'referrals.manage': FIELD_WORKERS,
  /** Visits (走访) in a region. */
  'visits.read': LEDGER_READERS,
  'visits.record': FIELD_WORKERS,
  /** Case work: domains, scores, risk, plans, services, the overdue list. Notes only for case-work.manage. */
  'case-work.read': LEDGER_READERS,
  /** Write assessments and submit them, make and run plans, record services and monitoring. */
  'case-work.manage': FIELD_WORKERS,
  /** Approve or return submitted assessments (their scope must cover the village). */
  'case-work.approve': ['supervisor'],
  /** Read programmes (帮扶项目; in scope, or of an ancestor region) and their totals (confined to scope). */
  'programmes.read': LEDGER_READERS,
  /** Set up a programme in a region of their scope. */
  'programmes.create': ['province_admin', 'city_admin', 'county_admin', 'station_worker'],
  /** Enrol households, let them leave, record monthly check-ins (the household's village in scope). */
  'enrolments.manage': FIELD_WORKERS,
});

export const PERMISSIONS = casesPermissions.table;
export type Permission = keyof typeof PERMISSIONS;
export const { Permit, scopeFor, holds, loadForAction } = casesPermissions;
