import type { Role } from '@wushe/platform';

// Who may do what with the recipients ledger. Cases keeps its own table until identity publishes
// a shared permission matrix (compare services/identity/src/access/permissions.ts).

/** Register recipients, change their status and categories. */
export const RECIPIENT_WRITERS: readonly Role[] = ['point_worker', 'station_worker', 'supervisor'];

/** Read the ledger, masked. */
export const RECIPIENT_READERS: readonly Role[] = [
  ...RECIPIENT_WRITERS,
  'county_admin',
  'city_admin',
  'province_admin',
  'auditor',
];

/** See personal data unmasked, with a logged reason. Never auditors or service accounts. */
export const RECIPIENT_REVEALERS: readonly Role[] = [
  'station_worker',
  'supervisor',
  'county_admin',
  'city_admin',
  'province_admin',
];
