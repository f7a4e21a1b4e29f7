import { JetStreamManager, RetentionPolicy, StorageType, StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface StreamSpec {
  name: string;
  subjects: string[];
  maxAgeDays: number;
  description: string;
}

const STREAM_NOT_FOUND = 10059;

/**
 * Creates the stream or brings its settings up to date. Safe to run on every start of every
 * replica: the result is the same however many times and however concurrently it runs.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const wanted: Partial<StreamConfig> & { name: string } = {
    name: spec.name,
    subjects: spec.subjects,
    description: spec.description,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(spec.maxAgeDays * 24 * 60 * 60 * 1000),
    // Publishes carry Nats-Msg-Id = event id; a relay retry within this window is dropped.
    duplicate_window: nanos(2 * 60 * 1000),
  };
  try {
    const info = await jsm.streams.info(spec.name);
    const current = info.config;
    const same =
      current.max_age === wanted.max_age &&
      JSON.stringify([...current.subjects].sort()) === JSON.stringify([...spec.subjects].sort());
    if (!same) await jsm.streams.update(spec.name, { ...current, ...wanted });
  } catch (error) {
    if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== STREAM_NOT_FOUND) {
      if (!/stream not found/i.test((error as Error).message)) throw error;
    }
    try {
      await jsm.streams.add(wanted);
    } catch (addError) {
      // Another replica created it between our info and add: that is the state we wanted.
      if (!/already in use|exists/i.test((addError as Error).message)) throw addError;
    }
  }
}
