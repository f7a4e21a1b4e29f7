import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The architecture's first rule — a service never imports another service — is only as real as
// the lint that enforces it; this proves the rule fires (and is not silently skipped for want of
// a project graph). ESLint runs as a child process: its config loader needs real dynamic import.
const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

function boundaryErrors(file: string, code: string): string[] {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/eslint/bin/eslint.js'),
      '--stdin',
      '--stdin-filename',
      join(root, file),
      '--format',
      'json',
    ],
    { cwd: root, env, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env,
      stdio: 'ignore',
    });
  });

  it('fails when a service imports another service', () => {
    const errors = boundaryErrors(
      'services/reporting/src/probe.ts',
      "import { CasesModule } from '../../cases/src/cases.module';\nexport const x = CasesModule;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('fails when a lower lib imports a higher one', () => {
    const errors = boundaryErrors(
      'libs/cn-standards/src/probe.ts',
      "import { loadConfig } from '@wushe/config';\nexport const x = loadConfig;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/type:util/);
  });

  it('allows a service to use the libs', () => {
    const errors = boundaryErrors(
      'services/reporting/src/probe.ts',
      "import { OutboxWriter } from '@wushe/messaging';\nexport const x = OutboxWriter;\n",
    );
    expect(errors).toEqual([]);
  });
});
