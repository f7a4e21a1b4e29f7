import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/service-process';

const ROOT = join(__dirname, '..', '..', '..');
const REGISTER = join(ROOT, 'tools', 'runtime', 'ts-register.js');

/** How one run of a replica ended: still running, an exit code, or the signal that killed it. */
export interface Ending {
  replica: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed by the suite on purpose (the SIGKILL fault), so not held against the process. */
  expected: boolean;
}

/**
 * One replica of a service process (API or worker), started from source like `npm start` does,
 * on a fixed port so a restart comes back where its clients expect it. Every run's exit is
 * recorded: the suite's verdict needs each one to be 0, unless the suite killed it itself. Like an
 * orchestrator, it starts a replica again that exited without being asked to (the exit still
 * counts against the fault), so one crash does not spoil every fault after it.
 */
export class Replica {
  private child?: ChildProcess;
  private log?: WriteStream;
  private killing = false;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  readonly endings: Ending[] = [];
  restarts = 0;

  private constructor(
    readonly name: string,
    private readonly service: string,
    private readonly entry: 'main.ts' | 'worker.ts',
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number,
    private readonly logDir: string,
  ) {}

  static async create(
    name: string,
    service: string,
    entry: 'main.ts' | 'worker.ts',
    env: NodeJS.ProcessEnv,
    logDir: string,
  ): Promise<Replica> {
    return new Replica(name, service, entry, env, await freePort(), logDir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(this.logDir, `${this.name}.log`);
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process; resolves once /health/ready answers 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.spawn();
    await this.waitUntilReady(timeoutMs);
  }

  private spawn(): void {
    clearTimeout(this.restartTimer);
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      ['-r', REGISTER, join(ROOT, 'services', this.service, 'src', this.entry)],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...this.env, HTTP_PORT: String(this.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    this.killing = false;
    this.stopping = false;
    child.once('exit', (code, signal) => {
      this.endings.push({ replica: this.name, code, signal, expected: this.killing });
      if (this.stopping) return;
      this.restarts++;
      this.restartTimer = setTimeout(() => this.spawn(), 2000);
    });
  }

  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running && this.stopping)
        throw new Error(`${this.name} was stopped while starting; see ${this.logFile}`);
      if (await this.ready()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms; see ${this.logFile}`);
  }

  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(3000) });
      await res.body?.cancel();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  private exited(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((r) => child.once('exit', () => r()));
  }

  /** SIGTERM, and the exit code once it has stopped (the grace period is the process's own). */
  async terminate(): Promise<Ending> {
    this.stopping = true;
    const gone = this.exited();
    this.child?.kill('SIGTERM');
    await gone;
    return this.endings[this.endings.length - 1];
  }

  /** SIGSTOP: the process holds whatever it has (sockets, unacknowledged messages) and does nothing. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGKILL, on purpose: this ending is not held against the process. */
  async kill(): Promise<void> {
    this.stopping = true;
    const gone = this.exited();
    this.killing = true;
    this.child?.kill('SIGKILL');
    await gone;
  }

  /** Cleanup at the end: SIGTERM, then SIGKILL if it has not gone after `graceMs`. */
  async shutdown(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (!this.running) return void this.log?.end();
    const gone = this.exited();
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
    this.log?.end();
  }

  killNow(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.running) this.child?.kill('SIGKILL');
  }
}
