// End-to-end tests boot real service processes against the real PostgreSQL, NATS and Redis.
// (Their timeout is the root config's: testTimeout is global in a multi-project run.)
module.exports = require('../jest.preset')(__dirname, 'e2e');
