import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const REGISTER = join(ROOT, 'tools', 'runtime', 'ts-register.js');

// Every child a test starts, so none outlives the test worker: a beforeAll that times out or
// throws never hands its processes to afterAll.
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

export interface ServiceProcess {
  url: string;
  logs: string[];
  /** The exit code once the process has exited, null while it runs. */
  readonly exitCode: number | null;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForReady(
  url: string,
  child: ChildProcess,
  logs: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${logs.join('')}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${logs.join('').slice(-3000)}`);
}

/** Boots a service's API entry point from source, as `npm start` does, and waits for readiness. */
export async function startService(
  service: string,
  env: NodeJS.ProcessEnv,
  entry = 'main.ts',
): Promise<ServiceProcess> {
  const port = await freePort();
  const logs: string[] = [];
  const child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'services', service, 'src', entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitForReady(url, child, logs, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    logs,
    get exitCode() {
      return child.exitCode;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
