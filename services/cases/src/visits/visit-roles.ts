import type { Role } from '@wushe/platform';

// Who may record and read visits in a region. The full permission matrix arrives with the
// identity issue; until then these are the roles the DOMAIN.md table gives visit work to.
export const VISIT_WRITERS: readonly Role[] = ['point_worker', 'station_worker', 'supervisor'];
export const VISIT_READERS: readonly Role[] = [
  ...VISIT_WRITERS,
  'county_admin',
  'city_admin',
  'province_admin',
  'auditor',
];
