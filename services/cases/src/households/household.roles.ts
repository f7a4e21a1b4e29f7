import type { Role } from '@wushe/platform';
import { RECIPIENT_READERS, RECIPIENT_WRITERS } from '../recipients/recipient-roles';

// A household is part of the ledger: whoever may register recipients in a village may set up its
// households and their members, and whoever reads the ledger reads them (masked).

/** Create households, add and remove members (the household's village in their scope). */
export const HOUSEHOLD_WRITERS: readonly Role[] = RECIPIENT_WRITERS;

/** Read households and their members' masked summaries. */
export const HOUSEHOLD_READERS: readonly Role[] = RECIPIENT_READERS;
