// One Jest run over every project; each project's jest.config.js uses jest.preset.js.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js'],
};
