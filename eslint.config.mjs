import nx from '@nx/eslint-plugin';

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
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Read configuration through the typed config object (libs/platform config), not process.env.',
        },
      ],
    },
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
