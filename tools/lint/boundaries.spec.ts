import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { lintAs } from './lint-stdin';

// The architecture's first rule — a service never imports another service — is only as real as
// the lint that enforces it; this proves the rule fires (and is not silently skipped for want of
// a project graph).
const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

function boundaryErrors(file: string, code: string): string[] {
  return lintAs(file, code)
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
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

  it('fails when a service’s shipped code imports the test helpers', () => {
    const errors = boundaryErrors(
      'services/cases/src/probe.ts',
      "import { newRunId } from '@wushe/testing';\nexport const x = newRunId;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/"type:service" can only depend on/);
  });

  it('allows a service’s tests to import the test helpers', () => {
    const errors = boundaryErrors(
      'services/cases/test/probe.spec.ts',
      "import { newRunId } from '@wushe/testing';\nexport const x = newRunId;\n",
    );
    expect(errors).toEqual([]);
  });

  it('fails when a service imports another service’s entry point', () => {
    const errors = boundaryErrors(
      'services/reporting/src/probe.ts',
      "import { CasesModule } from '@wushe/cases';\nexport const x = CasesModule;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('allows bench/ a service’s entry point and the libs, but not a service’s insides', () => {
    expect(
      boundaryErrors(
        'bench/probe.bench.ts',
        "import { CasesModule } from '@wushe/cases';\nimport { newRunId } from '@wushe/testing';\nexport const x = [CasesModule, newRunId];\n",
      ),
    ).toEqual([]);
    expect(
      boundaryErrors(
        'bench/probe.bench.ts',
        "import { CasesDb } from '../services/cases/src/database/cases-db';\nexport const x = CasesDb;\n",
      ),
    ).toHaveLength(1);
  });

  it('fails when anything imports from bench/', () => {
    const errors = boundaryErrors(
      'services/cases/src/probe.ts',
      "import { round } from '../../../bench/support/stats';\nexport const x = round;\n",
    );
    expect(errors).toHaveLength(1);
  });
});
