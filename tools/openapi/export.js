#!/usr/bin/env node
// `npm run openapi`: boots each service's API from source against the local servers, fetches its
// served OpenAPI document and writes it to services/<service>/openapi.json (checked in; the e2e
// suite fails when a served document differs from the checked-in one).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const SERVICES = { identity: 3901, cases: 3902, volunteers: 3903, funding: 3904, reporting: 3905 };

async function exportOne(service, port) {
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(root, 'tools/runtime/ts-register.js'),
      path.join(root, 'services', service, 'src/main.ts'),
    ],
    {
      cwd: root,
      env: { ...process.env, HTTP_PORT: String(port), LOG_LEVEL: 'warn', NATS_PREFIX: 'openapi-export' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    for (let i = 0; i < 240; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/${service}/openapi.json`);
        if (res.ok) {
          const file = path.join(root, 'services', service, 'openapi.json');
          fs.writeFileSync(file, `${JSON.stringify(await res.json(), null, 2)}\n`);
          console.log(`wrote ${path.relative(root, file)}`);
          return;
        }
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${service} did not serve its OpenAPI document`);
  } finally {
    child.kill('SIGTERM');
  }
}

Promise.all(Object.entries(SERVICES).map(([s, p]) => exportOne(s, p))).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
