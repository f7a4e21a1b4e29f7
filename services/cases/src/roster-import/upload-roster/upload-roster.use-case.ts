import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JobRunner } from '@wushe/jobs';
import { CommonErrors, correlationId, FieldCipher, Principal } from '@wushe/platform';
import { v7 as uuidv7 } from 'uuid';
import { runRosterImportJob } from '../run-import/roster-import.job-definition';
import { RosterImportErrors } from '../roster-import.errors';
import { presentRosterImport, RosterImportView } from '../roster-import.presenter';
import { RosterImportRepository } from '../roster-import.repository';
import { ROSTER_CONTENT_TYPES, RosterFileFormat, UploadRosterQuery } from '../roster-import.schemas';
import { scopeFor } from '../../access/permissions';

/** 1.5 million roster rows are ~135 MB of CSV; a province-sized file fits, a runaway upload does not. */
export const MAX_ROSTER_BYTES = 200 * 1024 * 1024;
/** Stored chunk size: the worker holds one chunk of the file at a time, never the whole file. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface RosterUpload {
  contentType: string | undefined;
  contentLength: number | undefined;
  body: AsyncIterable<Buffer>;
}

/**
 * Takes a roster file: checks who may import where before reading a byte of it, stores it
 * encrypted in chunks with its sha256, and queues the import. The same file for the same region,
 * month and category returns the import already made (and re-queues it if it never started).
 */
@Injectable()
export class UploadRoster {
  constructor(
    private readonly imports: RosterImportRepository,
    private readonly cipher: FieldCipher,
    private readonly jobs: JobRunner,
  ) {}

  async execute(
    principal: Principal,
    query: UploadRosterQuery,
    upload: RosterUpload,
  ): Promise<{ view: RosterImportView; created: boolean }> {
    const format = formatOf(upload.contentType);
    const regionCode = regionOf(principal, query.region);
    if (upload.contentLength !== undefined && upload.contentLength > MAX_ROSTER_BYTES) {
      throw CommonErrors.PAYLOAD_TOO_LARGE({ maxBytes: MAX_ROSTER_BYTES });
    }
    const id = uuidv7();
    let file: Awaited<ReturnType<UploadRoster['read']>>;
    try {
      file = await this.read(id, upload.body, format);
    } catch (error) {
      await this.imports.discardChunks(id).catch(() => undefined);
      throw error;
    }
    const { row, created } = await this.imports.create({
      id,
      regionCode,
      month: query.month,
      category: query.category,
      fileSha256: file.sha256,
      fileFormat: format,
      fileEncoding: file.encoding,
      fileBytes: file.bytes,
      createdBy: principal.subject,
    });
    if (created || row.status === 'queued') {
      try {
        await this.jobs.enqueue(
          runRosterImportJob,
          { importId: row.id, correlationId: correlationId() },
          row.id,
        );
      } catch {
        // The import is stored and stays queued; uploading the same file again queues it again.
        throw CommonErrors.DEPENDENCY_UNAVAILABLE({ dependency: 'job queue', importId: row.id });
      }
    }
    return { view: presentRosterImport(row), created };
  }

  /**
   * Reads the body once — size limit, sha256, UTF-8 or GB18030 — storing it in encrypted 4 MB
   * chunks as it arrives, so an API pod holds one chunk of a 200 MB roster, not the file.
   */
  private async read(id: string, body: AsyncIterable<Buffer>, format: RosterFileFormat) {
    const hash = createHash('sha256');
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    let isUtf8 = format === 'csv';
    let bytes = 0;
    let head: Buffer | undefined;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const encrypted = this.cipher.encrypt(Buffer.concat(pending).toString('base64'));
      pending = [];
      pendingBytes = 0;
      await this.imports.appendChunk(id, seq++, encrypted);
    };
    for await (const part of body) {
      bytes += part.length;
      if (bytes > MAX_ROSTER_BYTES) throw CommonErrors.PAYLOAD_TOO_LARGE({ maxBytes: MAX_ROSTER_BYTES });
      head ??= part;
      hash.update(part);
      if (isUtf8) {
        try {
          utf8.decode(part, { stream: true });
        } catch {
          isUtf8 = false;
        }
      }
      pending.push(part);
      pendingBytes += part.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (bytes === 0 || !head) throw RosterImportErrors.ROSTER_EMPTY_FILE();
    // An XLSX file is a zip archive; anything else would only fail later, in the job.
    if (format === 'xlsx' && head.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') {
      throw RosterImportErrors.ROSTER_UNREADABLE_FILE({ reason: 'not an XLSX (zip) file' });
    }
    // Excel on Chinese Windows saves CSV in GB18030 (GBK); a file that is not UTF-8 is read so.
    const encoding: 'utf-8' | 'gb18030' = format === 'csv' && !isUtf8 ? 'gb18030' : 'utf-8';
    return { sha256: hash.digest('hex'), bytes, encoding };
  }
}

function formatOf(contentType: string | undefined): RosterFileFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const format = ROSTER_CONTENT_TYPES[type as keyof typeof ROSTER_CONTENT_TYPES];
  if (!format) throw CommonErrors.UNSUPPORTED_MEDIA_TYPE({ accepted: Object.keys(ROSTER_CONTENT_TYPES) });
  return format;
}

/** The region the roster is for: the one asked for, or the uploader's only writing region. */
function regionOf(principal: Principal, asked: string | undefined): string {
  const scope = scopeFor(principal, 'roster-imports.manage');
  const prefixes = scope.prefixes === 'all' ? [] : scope.prefixes;
  if (asked !== undefined) {
    scope.assertCovers(asked);
    return asked;
  }
  if (prefixes.length === 0) throw CommonErrors.FORBIDDEN();
  if (prefixes.length > 1) throw RosterImportErrors.ROSTER_REGION_REQUIRED({ regions: prefixes });
  return prefixes[0];
}
