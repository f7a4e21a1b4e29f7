/**
 * Runs a teardown step, and if it has not finished after `warnAfterMs` says so on stderr with what
 * keeps the process busy (timers, sockets, pending requests). The step is still awaited to the
 * end: this only makes a rare hang in CI diagnosable instead of a bare hook timeout.
 */
export async function watchTeardown<T>(
  what: string,
  step: () => Promise<T>,
  warnAfterMs = 20_000,
): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    const resources = process.getActiveResourcesInfo();
    const counts = resources.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }),
      {},
    );
    process.stderr.write(
      `[teardown] ${what} still running after ${Math.round((Date.now() - started) / 1000)} s; active: ${JSON.stringify(counts)}\n`,
    );
  }, warnAfterMs);
  timer.unref();
  try {
    return await step();
  } finally {
    clearInterval(timer);
  }
}
