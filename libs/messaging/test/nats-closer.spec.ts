import type { NatsHandles } from '@wushe/messaging';
import { NatsCloser } from '../src/messaging.module';

// A pure unit: the connection is a stand-in whose drain() the test controls.
function connection(drain: () => Promise<void>) {
  let closed = false;
  const nc = {
    isClosed: () => closed,
    drain: jest.fn(async () => {
      await drain();
      closed = true;
    }),
    close: jest.fn(async () => {
      closed = true;
    }),
  };
  return { nc, handles: { nc } as unknown as NatsHandles };
}

describe('NatsCloser', () => {
  afterEach(() => jest.useRealTimers());

  it('drains the connection at shutdown', async () => {
    const { nc, handles } = connection(async () => undefined);
    await new NatsCloser(handles).onApplicationShutdown();
    expect(nc.drain).toHaveBeenCalledTimes(1);
    expect(nc.close).not.toHaveBeenCalled();
  });

  it('closes without waiting when the server does not answer the drain within 10 s', async () => {
    jest.useFakeTimers();
    const { nc, handles } = connection(() => new Promise<void>(() => undefined));
    const shutdown = new NatsCloser(handles).onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(9_999);
    expect(nc.close).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await shutdown;
    expect(nc.close).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the connection is closed already', async () => {
    const { nc, handles } = connection(async () => undefined);
    await nc.close();
    await new NatsCloser(handles).onApplicationShutdown();
    expect(nc.drain).not.toHaveBeenCalled();
  });
});
