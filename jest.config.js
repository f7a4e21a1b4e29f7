// One Jest run over every project; each project's jest.config.js uses jest.preset.js.
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/e2e/jest.config.js',
    '<rootDir>/deploy/jest.config.js',
    '<rootDir>/tools/jest.config.js',
  ],
};
