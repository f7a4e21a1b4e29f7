import type { Role } from '@wushe/platform';
import { RECIPIENT_READERS } from '../recipients/recipient-roles';

// Who may do what with programmes (帮扶项目). Same table style as recipients/recipient-roles.ts.

/** Set up a programme in a region of their scope. */
export const PROGRAMME_CREATORS: readonly Role[] = [
  'station_worker',
  'county_admin',
  'city_admin',
  'province_admin',
];

/** Enrol households, let them leave, record monthly check-ins (the household's village in scope). */
export const PROGRAMME_WRITERS: readonly Role[] = ['point_worker', 'station_worker', 'supervisor'];

/** Read programmes (in scope, or of an ancestor region) and their totals (confined to scope). */
export const PROGRAMME_READERS: readonly Role[] = RECIPIENT_READERS;
