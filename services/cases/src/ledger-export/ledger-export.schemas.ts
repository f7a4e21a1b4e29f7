import { RECIPIENT_CATEGORIES, RECIPIENT_STATUSES } from '@wushe/contracts';
import { z } from 'zod';
import { assignedWorkerQuerySchema } from '../recipients';

export const LEDGER_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type LedgerExportFormat = (typeof LEDGER_EXPORT_FORMATS)[number];

/** The filters of GET /recipients (same meaning), and the file format. */
export const ledgerExportQuerySchema = z
  .object({
    format: z.enum(LEDGER_EXPORT_FORMATS).default('csv'),
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    category: z.enum(RECIPIENT_CATEGORIES).optional(),
    status: z.enum(RECIPIENT_STATUSES).optional(),
    assignedWorker: assignedWorkerQuerySchema.optional(),
  })
  .strict();
export type LedgerExportQuery = z.infer<typeof ledgerExportQuerySchema>;
