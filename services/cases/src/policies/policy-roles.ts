import { RECIPIENT_READERS, RECIPIENT_WRITERS } from '../recipients/recipient-roles';

/** Read the catalogue, run matches, list referrals: whoever may read the ledger. */
export const REFERRAL_READERS = RECIPIENT_READERS;
/** Create (by matching), submit and decide referrals. */
export const REFERRAL_WRITERS = RECIPIENT_WRITERS;
