import { lintManyAs, LintMessage } from './lint-stdin';

// Features meet at front doors (tools/lint/feature-front-door.mjs): these prove the rule fires
// on an import past another feature's door, and stays quiet for the door itself, the module, the
// service's kernel folders and a feature's own files. One ESLint process lints every case.
const useCase = 'services/cases/src/visits/record-visit/probe.use-case.ts';

const pastTheDoor: Array<[string, string]> = [
  ['a file inside another feature', "import { RecipientErrors } from '../../recipients/recipient.errors';"],
  [
    'a nested file of another feature',
    "import { RegisterRecipient } from '../../recipients/register-recipient/register-recipient.use-case';",
  ],
  ['a re-export past the door', "export { HouseholdErrors } from '../../households/household.errors';"],
  ['an export-all past the door', "export * from '../../policies/policy.repository';"],
];
const allowed: Array<[string, string]> = [
  ['the index front door', "import { RecipientErrors } from '../../recipients';"],
  ['the index by name', "import { RecipientErrors } from '../../recipients/index';"],
  ['the Nest module', "import { RecipientsModule } from '../../recipients/recipients.module';"],
  ['the kernel: permissions', "import { scopeFor } from '../../access/permissions';"],
  ['the kernel: the database', "import { CasesDb } from '../../database/cases-db';"],
  ["the feature's own files", "import { VisitErrors } from '../visit.errors';"],
  ['a library', "import { Injectable } from '@nestjs/common';"],
];
const outsideServices = {
  file: 'libs/platform/src/probe.ts',
  code: "export * from '../../../services/cases/src/recipients/recipient.errors';\n",
};

const frontDoorErrors = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'wushe/feature-front-door').map((m) => m.message);

let results: string[][];
beforeAll(() => {
  const items = [...pastTheDoor, ...allowed].map(([, code]) => ({
    file: useCase,
    code: `${code}\nexport const x = 1;\n`,
  }));
  results = lintManyAs([...items, outsideServices]).map(frontDoorErrors);
});

describe('feature-to-feature imports only through front doors', () => {
  it.each(pastTheDoor.map(([name], i) => [name, i] as const))('fires for %s', (_name, i) => {
    expect(results[i]).toHaveLength(1);
    expect(results[i][0]).toMatch(/front door/);
  });

  it('names the door to use instead', () => {
    expect(results[0][0]).toContain("import it from '../../recipients'");
  });

  it.each(allowed.map(([name], i) => [name, pastTheDoor.length + i] as const))('allows %s', (_name, i) => {
    expect(results[i]).toEqual([]);
  });

  it('leaves code outside services alone', () => {
    expect(results[results.length - 1]).toEqual([]);
  });
});
