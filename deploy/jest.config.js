module.exports = {
  ...require('../jest.preset')(__dirname, 'deploy'),
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
