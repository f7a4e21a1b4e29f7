#!/usr/bin/env node
// Prints identity's permission matrix as the Markdown table in services/identity/README.md.
require('./runtime/ts-register');
const { PERMISSIONS } = require('../services/identity/src/access/permissions.ts');
const { ROLES } = require('../libs/platform/src/auth/principal.ts');

const header = `| permission | ${ROLES.join(' | ')} |`;
const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
const rows = Object.entries(PERMISSIONS).map(
  ([permission, roles]) =>
    `| \`${permission}\` | ${ROLES.map((r) => (roles.includes(r) ? '✓' : '')).join(' | ')} |`,
);
console.log([header, rule, ...rows].join('\n'));
