import { ChildProcess, execFileSync, spawn, SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../support/service-process';

// The fault suite's own PostgreSQL cluster, nats-server and redis-server: private ports, private
// data directories, so it can kill and restart them without touching the servers everyone shares.

export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not come up in ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

/** Signals a child and waits for it to exit; SIGKILL if it has not after `graceMs`. */
async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

// Every server made, from the moment it exists: an interrupted start must not leave one behind.
const made = new Set<PrivateServer>();

/** Stops and removes every private server (the suite's cleanup). */
export async function destroyServers(): Promise<void> {
  await Promise.all([...made].map((s) => s.destroy()));
}

/** SIGKILLs every private server at once (the last resort from an exit handler). */
export function killServersNow(): void {
  for (const s of made) s.killNow();
}

/** A server binary run in the foreground as a child of this process. */
abstract class PrivateServer {
  protected child?: ChildProcess;
  readonly dir: string;

  protected constructor(
    readonly name: string,
    readonly port: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `wushe-faults-${name}-`));
    made.add(this);
  }

  protected abstract command(): { file: string; args: string[]; options?: SpawnOptions };

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const { file, args, options } = this.command();
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    this.child = child;
    try {
      await waitFor(`${this.name} on ${this.port}`, async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited ${child.exitCode}: ${stderr}`);
        return this.ready();
      });
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  protected ready(): Promise<boolean> {
    return listening(this.port);
  }

  /** The server's own clean shutdown. */
  abstract stop(): Promise<void>;

  /** SIGKILL: no shutdown at all. */
  async kill(): Promise<void> {
    await stopChild(this.child, 'SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => this.kill());
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Last-resort cleanup from an exit handler: synchronous, no waiting. */
  killNow(): void {
    if (this.running) this.child?.kill('SIGKILL');
  }
}

/** A server binary: `$<NAME>_BIN`, else on PATH, else where Debian puts it (sbin is not on every PATH). */
function serverBin(name: string): string {
  const override = process.env[`${name.toUpperCase().replace(/-/g, '_')}_BIN`];
  if (override) return override;
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/usr/local/bin'];
  return dirs.map((dir) => join(dir, name)).find((file) => existsSync(file)) ?? name;
}

/** Where PostgreSQL's binaries are (Debian keeps them out of PATH). */
function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL under ${base}`);
  return join(base, versions[0], 'bin');
}

/** initdb refuses to run as root; the cluster then belongs to the postgres user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export class PrivatePostgres extends PrivateServer {
  private readonly bin = postgresBin();
  private readonly user = runAs();

  static async create(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await freePort());
    pg.init();
    await pg.start();
    return pg;
  }

  private constructor(port: number) {
    super('postgres', port);
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private init(): void {
    mkdirSync(this.dataDir);
    if (this.user) {
      chownSync(this.dir, this.user.uid, this.user.gid);
      chownSync(this.dataDir, this.user.uid, this.user.gid);
    }
    execFileSync(
      join(this.bin, 'initdb'),
      ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { stdio: 'ignore', ...this.user },
    );
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/wushe_faults_test`;
  }

  protected command() {
    return {
      file: join(this.bin, 'postgres'),
      args: [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-k',
        this.dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ],
      options: { ...this.user },
    };
  }

  protected override async ready(): Promise<boolean> {
    const client = new Client({
      connectionString: `postgresql://postgres@127.0.0.1:${this.port}/postgres`,
      connectionTimeoutMillis: 1000,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Fast shutdown: sessions are terminated, the cluster is consistent on disk. */
  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGINT');
  }
}

export class PrivateRedis extends PrivateServer {
  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  private constructor(port: number) {
    super('redis', port);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  // An append-only file fsynced on every write: a stop and start keeps the data, as a Redis with
  // persistence does; wipe() makes the next start an empty one.
  protected command() {
    return {
      file: serverBin('redis-server'),
      args: [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        this.dir,
        '--daemonize',
        'no',
      ],
    };
  }

  /** SIGTERM: Redis flushes its append-only file and exits. */
  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM');
  }

  /** Removes every file of the stopped server, so it starts with no data. */
  wipe(): void {
    if (this.running) throw new Error('stop Redis before wiping it');
    for (const entry of readdirSync(this.dir))
      rmSync(join(this.dir, entry), { recursive: true, force: true });
  }
}

export class PrivateNats extends PrivateServer {
  static async create(): Promise<PrivateNats> {
    const nats = new PrivateNats(await freePort());
    await nats.start();
    return nats;
  }

  private constructor(port: number) {
    super('nats', port);
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  protected command() {
    return {
      file: serverBin('nats-server'),
      args: ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir],
    };
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM');
  }
}
