import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { entityId } from './common';

const count = z.number().int().min(0);

// Statistical divisions are public data; the event says what an import changed, not every unit
// (a province is ~28,000 of them): consumers that keep regions re-read them from identity's API.
export const regionsImportedV1 = defineEvent({
  service: 'identity',
  entity: 'regions',
  action: 'imported',
  version: 1,
  description:
    'An import of statistical division codes (统计用区划代码) changed the regions of a province: ' +
    'units were added, renamed, moved, ended or reopened as of the effective date. ' +
    'Not published when an import changed nothing.',
  schema: z.object({
    importId: entityId.describe('The import run (RegionImport id).'),
    scope: z
      .string()
      .regex(/^\d{2}$/)
      .describe('The province (2-digit code) whose divisions the import replaced.'),
    effectiveDate: z.iso.date().describe('When the new division table takes effect (Asia/Shanghai date).'),
    counts: z
      .object({
        read: count,
        added: count,
        renamed: count,
        moved: count,
        ended: count,
        reopened: count,
        unchanged: count,
      })
      .describe(
        'Rows read from the file, and how they compared: added, renamed, moved (new parent), ' +
          'ended (missing from the file), reopened (back after being ended), unchanged. ' +
          'A unit both renamed and moved counts in both.',
      ),
  }),
});
