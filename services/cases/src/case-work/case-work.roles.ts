import type { Role } from '@wushe/platform';
import { RECIPIENT_READERS } from '../recipients/recipient-roles';

// Who may do what in case work. Same table style as recipients/recipient-roles.ts.

/** Write assessments, submit them, make and run plans, record services and monitoring. */
export const CASE_WRITERS: readonly Role[] = ['point_worker', 'station_worker', 'supervisor'];

/** Approve or return submitted assessments (their scope must cover the village). */
export const CASE_APPROVERS: readonly Role[] = ['supervisor'];

/** Read case work: domains, scores, risk, plans, the overdue list. Notes only for CASE_WRITERS. */
export const CASE_READERS: readonly Role[] = RECIPIENT_READERS;
