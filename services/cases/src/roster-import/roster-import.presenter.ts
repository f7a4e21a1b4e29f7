import type { RosterImportRow } from './roster-import.repository';

/** An import as clients see it: progress, counts, and where its report is. No personal data. */
export function presentRosterImport(row: RosterImportRow) {
  const base = `/api/v1/cases/roster-imports/${row.id}`;
  return {
    id: row.id,
    regionCode: row.regionCode,
    month: row.month,
    category: row.category,
    status: row.status,
    file: {
      format: row.fileFormat,
      encoding: row.fileEncoding,
      bytes: row.fileBytes,
      sha256: row.fileSha256,
    },
    progress: {
      rowsParsed: row.rowsParsed,
      rowsValid: row.rowsValid,
      rowsInvalid: row.rowsInvalid,
      rowsApplied: row.rowsApplied,
    },
    errorCount: row.errorCount,
    result:
      row.status === 'completed'
        ? {
            registered: row.registered,
            categoriesAdded: row.categoriesAdded,
            entriesAdded: row.entriesAdded,
            entriesChanged: row.entriesChanged,
            entriesUnchanged: row.entriesUnchanged,
            villageDifferences: row.villageDifferences,
          }
        : null,
    attempts: row.attempts,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    links: { self: base, errors: `${base}/errors`, villageDifferences: `${base}/village-differences` },
  };
}
export type RosterImportView = ReturnType<typeof presentRosterImport>;
