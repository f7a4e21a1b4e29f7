// Shared Jest settings for every project. SWC compiles TypeScript; decorator metadata must
// be on or Nest's dependency injection cannot see constructor parameter types.
const path = require('node:path');

const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @param {string} projectDir @param {string} displayName */
module.exports = function preset(projectDir, displayName) {
  const root = path.resolve(__dirname);
  return {
    displayName,
    rootDir: projectDir,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': swcTransform },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    // Services' own entry points are for in-process harnesses (bench/); listed before the libs.
    moduleNameMapper: {
      '^@wushe/(identity|cases)$': `${root}/services/$1/src/index.ts`,
      '^@wushe/(.*)$': `${root}/libs/$1/src/index.ts`,
    },
    // Used when one project runs alone; a multi-project run takes the root config's value.
    testTimeout: 120_000,
  };
};
