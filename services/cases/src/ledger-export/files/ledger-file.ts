import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** A spreadsheet being streamed to a client, one row at a time. */
export interface LedgerFile {
  /** Resolves when the next row may be written (the client keeps up), rejects when it went away. */
  writeRow(row: readonly string[]): Promise<void>;
  /** Ends the file; resolves once the last byte is handed to the connection. */
  finish(): Promise<void>;
}

export interface LedgerFileFormat {
  readonly contentType: string;
  readonly extension: string;
  /** Starts the file (header row included) on `out`; `signal` aborts every wait. */
  open(out: Writable, header: readonly string[], signal: AbortSignal): LedgerFile;
}

/**
 * Waits until `stream` has room again. Without this a slow client would make the whole county's
 * ledger pile up in memory; `signal` ends the wait when the client disconnects (no drain comes).
 */
export async function roomIn(stream: Writable, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (stream.writableNeedDrain) await once(stream, 'drain', { signal });
}

/** Resolves on `finish`, rejects when `signal` aborts first (the client went away). */
export async function finishedOrAborted(done: Promise<unknown>, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([done, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
