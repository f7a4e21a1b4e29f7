// One Jest run over every project; each project's jest.config.js uses jest.preset.js.
// testTimeout is a global option: in a multi-project run the projects' own values are ignored.
module.exports = {
  testTimeout: 120_000,
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/e2e/jest.config.js',
    '<rootDir>/deploy/jest.config.js',
    '<rootDir>/tools/jest.config.js',
  ],
};
