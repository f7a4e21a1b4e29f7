#!/usr/bin/env node
// `npm test`: lint (module boundaries, with a fresh Nx project graph), formatting, type check,
// then every Jest project (unit, integration against the real PostgreSQL/NATS/Redis, e2e against
// booted services), then the fault suite. Ends with one "tests: N passed, N failed" line for CI.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  CHECKPOINT_DISABLE: '1',
};
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

function run(title, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  console.log(
    `  ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  return result.status === 0;
}

const jestArgs = process.argv.slice(2);
const resultsFile = path.join(root, 'tmp', 'jest-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

let ok = run('project graph', [bin('nx', 'dist/bin/nx.js'), 'show', 'projects']);
ok = run('lint', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings=0']) && ok;
ok = run('format', [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level=warn', '.']) && ok;
ok = run('typecheck', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) && ok;
ok =
  run('jest', [
    bin('jest', 'bin/jest.js'),
    '--maxWorkers=2',
    '--json',
    `--outputFile=${resultsFile}`,
    ...jestArgs,
  ]) && ok;

// The fault suite (npm run test:faults) kills and restarts its own PostgreSQL, NATS and Redis under
// load; a few minutes, so a run narrowed to some Jest tests (`npm test -- e2e`) leaves it out.
const faultsRan = jestArgs.length === 0;
if (faultsRan) {
  ok = run('faults', ['-r', './tools/runtime/ts-register.js', 'e2e/src/faults/run-faults.ts']) && ok;
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  skipped = results.numPendingTests + results.numTodoTests;
}
if (!ok && failed === 0) failed = 1; // a lint/type/format failure counts as a failure
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
