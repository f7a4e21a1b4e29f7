#!/usr/bin/env node
// `npm start`: checks PostgreSQL, NATS and Redis; builds; applies migrations; starts the five
// API processes and four workers from dist/ (as the image does) behind one gateway URL; stops
// them all on Ctrl-C / SIGTERM.
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const { checkDependencies } = require('./dependencies');
const { createGateway } = require('./gateway');

const root = path.resolve(__dirname, '..', '..');
const SERVICES = { identity: 3001, cases: 3002, volunteers: 3003, funding: 3004, reporting: 3005 };
const WITH_WORKER = ['identity', 'cases', 'volunteers', 'funding'];
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 8080);

// Local defaults (each can be overridden from the environment): every service verifies tokens
// against identity's JWKS, and a development province admin exists so one can log in at all.
const DEV_ADMIN = { phone: '13800000000', password: 'Wushe-dev-admin-2026', region: '44' };
const LOCAL_ENV = {
  AUTH_JWKS_URL: `http://127.0.0.1:${SERVICES.identity}/api/v1/identity/.well-known/jwks.json`,
  BOOTSTRAP_ADMIN_PHONE: DEV_ADMIN.phone,
  BOOTSTRAP_ADMIN_PASSWORD: DEV_ADMIN.password,
  BOOTSTRAP_ADMIN_REGION: DEV_ADMIN.region,
};

function step(title, fn) {
  process.stdout.write(`• ${title}\n`);
  try {
    return fn();
  } catch {
    // The command already printed why (tsc errors, a failed migration); say which step it was.
    console.error(`✗ ${title} failed; see above`);
    process.exit(1);
  }
}

async function waitReady(name, port, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready on port ${port} after ${timeoutMs / 1000}s`);
}

async function main() {
  const missing = await checkDependencies(process.env);
  if (missing.length) {
    for (const m of missing) console.error(`✗ ${m.message}`);
    process.exit(1);
  }
  const quiet = { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] };
  step('building (tsc → dist/)', () => execFileSync('npm', ['run', '-s', 'build'], quiet));
  step('applying migrations', () =>
    execFileSync(process.execPath, ['tools/prisma/each.js', 'migrate-deploy'], quiet),
  );

  const children = [];
  const start = (name, entry, port) => {
    const child = spawn(process.execPath, [path.join('dist', 'services', name, 'src', entry)], {
      cwd: root,
      env: { ...LOCAL_ENV, ...process.env, HTTP_PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push({ name: entry === 'main.js' ? name : `${name}-worker`, child, port });
  };
  for (const [name, port] of Object.entries(SERVICES)) {
    start(name, 'main.js', port);
    if (WITH_WORKER.includes(name)) start(name, 'worker.js', port + 100);
  }

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    gateway.close();
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(({ child }) => (child.exitCode !== null ? 0 : new Promise((r) => child.once('exit', r)))),
    );
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  for (const { name, child } of children) {
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`✗ ${name} exited (${code}); stopping everything`);
        void stop(1);
      }
    });
  }

  const gateway = createGateway(SERVICES);
  await new Promise((resolve) => gateway.listen(GATEWAY_PORT, resolve));
  try {
    await Promise.all(children.map(({ name, port, child }) => waitReady(name, port, child)));
  } catch (error) {
    console.error(`✗ ${error.message}`);
    return stop(1);
  }
  const base = `http://localhost:${GATEWAY_PORT}`;
  console.log(`\nWushe is running at ${base}/api/v1/<service>/…\n`);
  for (const [name, port] of Object.entries(SERVICES)) {
    console.log(
      `  ${name.padEnd(11)} ${base}/api/v1/${name}/openapi.json   (direct: http://localhost:${port}, health /health/ready)`,
    );
  }
  if (!process.env.BOOTSTRAP_ADMIN_PHONE) {
    console.log(
      `\n  development admin (province ${DEV_ADMIN.region}): POST ${base}/api/v1/identity/auth/login` +
        ` {"phone":"${DEV_ADMIN.phone}","password":"${DEV_ADMIN.password}"}`,
    );
  }
  console.log(
    `\n  workers: ${WITH_WORKER.map((n) => `${n} :${SERVICES[n] + 100}`).join(', ')}\n  Ctrl-C stops everything.\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
