#!/usr/bin/env node
// Writes each service's permission matrix (src/access/permissions.ts) into its README, between
// <!-- permission-matrix:start --> and <!-- permission-matrix:end -->. With --check it changes
// nothing and exits 1 when a README is stale (each service's permissions.spec checks the same).
require('./runtime/ts-register');
const fs = require('node:fs');
const path = require('node:path');
const { permissionMatrix } = require('../libs/platform/src/auth/permissions.ts');

const SERVICES = ['identity', 'cases', 'reporting', 'volunteers', 'funding'];
const MARKERS = /(<!-- permission-matrix:start -->)[\s\S]*?(<!-- permission-matrix:end -->)/;
const check = process.argv.includes('--check');

let stale = 0;
for (const service of SERVICES) {
  const dir = path.join(__dirname, '..', 'services', service);
  const { PERMISSIONS } = require(path.join(dir, 'src', 'access', 'permissions.ts'));
  const readmePath = path.join(dir, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  if (!MARKERS.test(readme)) throw new Error(`${readmePath} has no permission-matrix markers`);
  const updated = readme.replace(MARKERS, `$1\n\n${permissionMatrix(PERMISSIONS)}\n\n$2`);
  if (updated === readme) continue;
  stale++;
  if (check) console.error(`stale: ${path.relative(process.cwd(), readmePath)}`);
  else fs.writeFileSync(readmePath, updated);
}
if (check && stale > 0) process.exit(1);
