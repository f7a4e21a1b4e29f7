import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<void>;

/**
 * Readiness reports every check modules register here (database, NATS, Redis …) but fails only on
 * the critical ones. NATS is deliberately not critical: writes go to the outbox and are published
 * when NATS returns, so taking every API out of its Service during a NATS outage would turn a delay
 * into an outage. Once the process starts shutting down it reports not-ready.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, { check: HealthCheck; critical: boolean }>();
  private draining = false;

  register(name: string, check: HealthCheck, options: { critical: boolean } = { critical: true }): void {
    this.checks.set(name, { check, critical: options.critical });
  }

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async run(timeoutMs = 2000): Promise<{ ok: boolean; degraded: boolean; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    let criticalDown = false;
    let degraded = false;
    await Promise.all(
      [...this.checks].map(async ([name, { check, critical }]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        });
        try {
          await Promise.race([check(), timeout]);
          results[name] = 'up';
        } catch (error) {
          results[name] = `down: ${(error as Error).message}`;
          if (critical) criticalDown = true;
          else degraded = true;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    if (this.draining) results.process = 'draining';
    return { ok: !this.draining && !criticalDown, degraded, checks: results };
  }
}
