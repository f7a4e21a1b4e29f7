import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The lint specs run ESLint as a child process: its config loader needs real dynamic import,
// which Jest's module system does not give. One process lints a whole batch of texts.
const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

export interface LintMessage {
  ruleId: string;
  message: string;
}

/** ESLint's messages for each `code`, as if it were the file `file` (a path from the repository root). */
export function lintManyAs(items: Array<{ file: string; code: string }>): LintMessage[][] {
  const run = spawnSync(process.execPath, [join(__dirname, 'lint-texts.mjs')], {
    cwd: root,
    env,
    input: JSON.stringify(items.map(({ file, code }) => ({ file: join(root, file), code }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintMessage[][];
}

export function lintAs(file: string, code: string): LintMessage[] {
  return lintManyAs([{ file, code }])[0];
}
