/** The aligned report for people, then the one line for machines (BENCH_RESULT {json}). */
export function printReport(rows: Array<[string, string]>, result: unknown): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log('');
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

/**
 * `cleanup` made safe to call twice (from `finally` and from a signal) and run on SIGINT/SIGTERM
 * before exiting 130, so a Ctrl-C still drops the run's schema and streams.
 */
export function cleanupOnSignal(cleanup: () => Promise<void>, what = ''): () => Promise<void> {
  let cleaning: Promise<void> | undefined;
  const once = () => (cleaning ??= cleanup());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up${what ? ` ${what}` : ''}`);
      void once().finally(() => process.exit(130));
    });
  }
  return once;
}

/** Runs a scenario's main and exits 0, or 1 with the error. */
export function runScenario(scenario: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`[${scenario}] failed:`, error);
      process.exit(1);
    },
  );
}
