module.exports = { ...require('../jest.preset')(__dirname, 'tools'), testMatch: ['<rootDir>/**/*.spec.ts'] };
