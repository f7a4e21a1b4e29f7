// End-to-end tests boot real service processes against the real PostgreSQL, NATS and Redis.
module.exports = { ...require('../jest.preset')(__dirname, 'e2e'), testTimeout: 120_000 };
