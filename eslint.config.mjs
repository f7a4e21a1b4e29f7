import nx from '@nx/eslint-plugin';
import wushe from './tools/lint/feature-front-door.mjs';

// Module boundaries are the architecture: a service never imports another service, and each
// lib may only lean on libs below it (util <- contracts <- platform <- messaging <- testing).
const SERVICE_LIBS = [
  'type:util',
  'type:telemetry',
  'type:contracts',
  'type:platform',
  'type:messaging',
  'type:jobs',
];
const SERVICE_ENTRY_POINTS = ['@wushe/identity', '@wushe/cases'];

/**
 * The dependency rules between projects. Service code may not lean on libs/testing (test helpers
 * in a deployable image are a way for a fake to reach production); a service's own tests may.
 * bench/ may use every lib and boot a service in-process through the service's entry point
 * (services are applications, which Nx otherwise forbids importing; nothing else may).
 */
function boundaries({ serviceTests = false, bench = false } = {}) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: bench ? SERVICE_ENTRY_POINTS : [],
      depConstraints: [
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: [] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'] },
        { sourceTag: 'type:telemetry', onlyDependOnLibsWithTags: ['type:util'] },
        {
          sourceTag: 'type:platform',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:telemetry'],
        },
        {
          sourceTag: 'type:messaging',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:platform'],
        },
        {
          sourceTag: 'type:jobs',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:platform'],
        },
        {
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:platform', 'type:messaging'],
        },
        {
          sourceTag: 'type:tools',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:testing'],
        },
        {
          sourceTag: 'type:e2e',
          onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:messaging', 'type:testing'],
        },
        {
          sourceTag: 'type:bench',
          onlyDependOnLibsWithTags: [...SERVICE_LIBS, 'type:testing'],
        },
        {
          sourceTag: 'type:service',
          onlyDependOnLibsWithTags: serviceTests ? [...SERVICE_LIBS, 'type:testing'] : SERVICE_LIBS,
        },
      ],
    },
  ];
}

/**
 * Direct database access — the scoped models, Prisma model calls on a client or transaction, raw
 * SQL — belongs in repositories (`*.repository.ts`) and read queries (`*.query.ts`), beside the
 * service's database declaration. Use cases open transactions and hand them to repositories.
 */
const PRISMA_CALL =
  '/^(findMany|findFirst|findUnique|findFirstOrThrow|findUniqueOrThrow|create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)$/';
const PROCESS_ENV = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through the typed config object (libs/platform config), not process.env.',
};

const DATABASE_ACCESS = [
  {
    selector: "MemberExpression[property.name='scoped']",
    message: 'Scoped models are read and written in a *.repository.ts or *.query.ts, not here.',
  },
  {
    selector: 'MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]',
    message: 'Raw SQL belongs in a *.repository.ts or *.query.ts.',
  },
  {
    selector: `CallExpression[callee.property.name=${PRISMA_CALL}][callee.object.object.name=/^(tx|db|client|prisma)$/]`,
    message: 'Prisma calls belong in a *.repository.ts or *.query.ts.',
  },
  {
    selector: `CallExpression[callee.property.name=${PRISMA_CALL}][callee.object.object.property.name=/^(db|client|prisma)$/]`,
    message: 'Prisma calls belong in a *.repository.ts or *.query.ts.',
  },
  {
    selector: "CallExpression[callee.property.name='query'][callee.object.name=/^(pool|client|db)$/]",
    message: 'SQL belongs in a *.repository.ts or *.query.ts.',
  },
];

/**
 * Files that still reach the database themselves, from before the rule: each is to move its
 * access into a repository. The list may only shrink: tools/lint/database-access.spec.ts fails when a listed file no longer needs it or the list grows.
 */
const DATABASE_ACCESS_LEGACY = [
  'services/cases/src/case-work/assessments/assessments.use-case.ts',
  'services/cases/src/case-work/assessments/edit-assessment.use-case.ts',
  'services/cases/src/case-work/plans/change-plan.use-case.ts',
  'services/cases/src/case-work/plans/plans.use-case.ts',
  'services/cases/src/identity-copies/staff-copy.handlers.ts',
  'services/cases/src/identity-copies/station-copy.handlers.ts',
  'services/cases/src/monitoring-reminders/monitoring-reminders.job.ts',
  'services/cases/src/policies/match-policies.use-case.ts',
  'services/cases/src/programmes/programmes.use-case.ts',
  'services/cases/src/recipients/advance-status.ts',
  'services/cases/src/recipients/assign-worker/assign-worker.use-case.ts',
  'services/cases/src/recipients/caseload.ts',
  'services/cases/src/recipients/manage-categories/manage-categories.use-case.ts',
  'services/cases/src/recipients/reveal-personal-data/reveal-personal-data.use-case.ts',
  'services/identity/src/accounts/bootstrap/admin-bootstrap.ts',
  'services/identity/src/accounts/client-credentials/client-credentials.use-case.ts',
  'services/identity/src/accounts/keys/signing-keys.ts',
  'services/identity/src/accounts/registry/account-registry.ts',
  'services/identity/src/notifications/notifications.service.ts',
  'services/identity/src/notifications/reminder-due.handler.ts',
  'services/identity/src/staff/certificates/record-certificate.use-case.ts',
  'services/identity/src/staff/leave-staff.use-case.ts',
  'services/identity/src/staff/posts/end-post.use-case.ts',
  'services/identity/src/staff/posts/fill-post.use-case.ts',
  'services/identity/src/staff/posts/open-post.use-case.ts',
  'services/identity/src/staff/posts/post.queries.ts',
  'services/identity/src/staff/register-staff.use-case.ts',
  'services/identity/src/staff/shared/accounts.ts',
  'services/identity/src/staff/shared/placement.ts',
  'services/identity/src/staff/shared/row-lock.ts',
  'services/identity/src/staff/staff.queries.ts',
  'services/identity/src/staff/update-staff.use-case.ts',
  'services/identity/src/trainings/change-training.use-case.ts',
  'services/identity/src/trainings/enrol-staff.use-case.ts',
  'services/identity/src/trainings/record-attendance.use-case.ts',
  'services/identity/src/trainings/schedule-training.use-case.ts',
  'services/identity/src/trainings/training-sessions.ts',
  'services/identity/src/trainings/training.queries.ts',
  'services/reporting/src/visits/visit-recorded.handler.ts',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/coverage',
      'services/*/src/generated/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', PROCESS_ENV],
    },
  },
  {
    // Features meet at front doors (index.ts or the module), tools/lint/feature-front-door.mjs.
    files: ['services/*/src/**/*.ts'],
    plugins: { wushe },
    rules: { 'wushe/feature-front-door': 'error' },
  },
  {
    files: ['services/*/src/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      '**/*.query.ts',
      '**/*.spec.ts',
      'services/*/src/database/**',
      'services/*/src/generated/**',
      ...DATABASE_ACCESS_LEGACY,
    ],
    rules: { 'no-restricted-syntax': ['error', PROCESS_ENV, ...DATABASE_ACCESS] },
  },
  {
    // The config loader, bench harness and test helpers are where the environment is read.
    files: [
      'libs/config/src/**/*.ts',
      'libs/testing/src/**/*.ts',
      'bench/**/*.ts',
      'tools/**/*.ts',
      'e2e/**/*.ts',
      '**/prisma.config.ts',
      '**/*.spec.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // A lib's own tests may use libs/testing, which sits above every lib it helps test; that is
    // not a dependency of the lib itself. Services' and e2e tests stay under the full rule.
    files: ['libs/*/test/**/*.ts', 'libs/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // A service's tests build their fixtures with libs/testing; its shipped code may not.
    files: ['services/*/test/**/*.ts', 'services/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ serviceTests: true }) },
  },
  {
    files: ['bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ bench: true }) },
  },
  {
    // Prisma CLI configs are build tooling, not service code: they share tools/prisma's factory.
    files: ['**/prisma.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
