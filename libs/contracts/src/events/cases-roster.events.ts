import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

const count = z.number().int().min(0);

// The monthly 低保/特困 roster (花名册). Each person an import registers or gives the category is
// announced with the recipients' own events (cases.recipient.registered / categories-changed);
// this event says what one import did as a whole: counts and the amount paid, never a person.
export const rosterImportedV1 = defineEvent({
  service: 'cases',
  entity: 'roster',
  action: 'imported',
  version: 1,
  description:
    'A monthly 低保/特困 roster (花名册) file was applied to the ledger in one transaction: ' +
    'recipients registered or given the category, and one roster entry per recipient, month and ' +
    'category with the amount. Published once per import that completed; a rejected import writes nothing.',
  schema: z.object({
    importId: entityId.describe('The roster import (RosterImport id).'),
    regionCode: z
      .string()
      .regex(/^\d{2,12}$/)
      .describe('The region the roster covers (every row lies in it).'),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .describe('The roster month, YYYY-MM.'),
    category: z.enum(['dibao', 'tekun']),
    counts: z
      .object({
        rows: count,
        registered: count,
        categoriesAdded: count,
        entriesAdded: count,
        entriesChanged: count,
        entriesUnchanged: count,
      })
      .describe(
        'Rows in the file; recipients registered; existing recipients given the category; roster ' +
          'entries added, whose amount/village/household changed, and left as they were.',
      ),
    totalAmountFen: z.number().int().min(0).describe('Sum of the roster amounts, in fen (分).'),
  }),
});

export const rosterEvents = [rosterImportedV1] as const;
