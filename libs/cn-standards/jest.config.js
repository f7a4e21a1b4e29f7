module.exports = require('../../jest.preset')(__dirname, 'cn-standards');
