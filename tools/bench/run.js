#!/usr/bin/env node
// `npm run bench` lists the scenarios; `npm run bench -- <scenario> [options]` runs
// bench/<scenario>.bench.ts from source (SWC, @wushe/* resolved to libs/*/src) in a child process.
// Benchmarks print figures; they are not tests and `npm test` never runs them.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const benchDir = path.join(root, 'bench');
const SUFFIX = '.bench.ts';

/** Every scenario with the first line of its leading comment as its description. */
function scenarios() {
  if (!fs.existsSync(benchDir)) return [];
  return fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith(SUFFIX))
    .sort()
    .map((f) => {
      const first = fs.readFileSync(path.join(benchDir, f), 'utf8').split('\n')[0];
      const description = first.startsWith('//') ? first.replace(/^\/\/\s*/, '') : '';
      return { name: f.slice(0, -SUFFIX.length), description };
    });
}

function list(out) {
  const all = scenarios();
  out('usage: npm run bench -- <scenario> [options]   (options: see bench/README.md)');
  out('');
  out('scenarios:');
  if (all.length === 0) out('  (none)');
  const width = Math.max(0, ...all.map((s) => s.name.length));
  for (const s of all) out(`  ${s.name.padEnd(width)}  ${s.description}`);
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'list') {
  list(console.log);
  process.exit(0);
}
if (!scenarios().some((s) => s.name === name)) {
  console.error(`unknown scenario "${name}"\n`);
  list(console.error);
  process.exit(2);
}

const child = spawn(
  process.execPath,
  [
    '-r',
    path.join(root, 'tools', 'runtime', 'ts-register.js'),
    path.join(benchDir, `${name}${SUFFIX}`),
    ...rest,
  ],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches the child through the process group as well; forwarding SIGTERM lets it clean up
// (drop its schema, delete its streams) before exiting.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
