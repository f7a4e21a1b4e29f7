import { PassThrough, Writable } from 'node:stream';
import { finishedOrAborted, roomIn } from './ledger-file';

// The two waits that keep a slow or vanished client from either filling memory or hanging the
// export forever (the integration tests cannot make a loopback socket slow enough to show this).

/** A writable that accepts nothing until released, with room for one byte. */
function stuck() {
  let release: () => void = () => undefined;
  const out = new Writable({
    highWaterMark: 1,
    write(_chunk, _enc, done) {
      release = () => done();
    },
  });
  out.write('more than one byte');
  return { out, release: () => release() };
}

describe('roomIn', () => {
  it('returns at once when the stream has room', async () => {
    await expect(roomIn(new PassThrough(), new AbortController().signal)).resolves.toBeUndefined();
  });

  it('waits for drain while the stream is full', async () => {
    const { out, release } = stuck();
    expect(out.writableNeedDrain).toBe(true);
    let settled = false;
    const waiting = roomIn(out, new AbortController().signal).then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    release();
    await waiting;
    expect(settled).toBe(true);
  });

  it('gives up when the client goes away instead of waiting for a drain that never comes', async () => {
    const { out } = stuck();
    const client = new AbortController();
    const waiting = roomIn(out, client.signal);
    client.abort(new Error('closed'));
    await expect(waiting).rejects.toThrow();
  });
});

describe('finishedOrAborted', () => {
  it('resolves with the file, rejects with the abort', async () => {
    await expect(finishedOrAborted(Promise.resolve(), new AbortController().signal)).resolves.toBeUndefined();
    const client = new AbortController();
    const never = new Promise(() => undefined);
    const waiting = finishedOrAborted(never, client.signal);
    client.abort(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
  });
});
