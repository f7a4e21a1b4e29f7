import type { Role } from '@wushe/platform';

// Who may take the ledger out of the system in bulk. A bulk extract is what a PIPL audit looks
// for first, so fewer roles may export than may read: point workers read the villages they visit
// one record at a time, auditors inspect in place, and service accounts (outside systems) receive
// events, never files. Exporters are the ones who may also reveal (recipient-roles.ts), and every
// export is recorded in export_log.

/** Export the masked ledger of the regions where they hold one of these roles. */
export const LEDGER_EXPORTERS: readonly Role[] = [
  'station_worker',
  'supervisor',
  'county_admin',
  'city_admin',
  'province_admin',
];
