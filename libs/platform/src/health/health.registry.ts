import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<void>;

/**
 * Readiness is the AND of the checks modules register here (database, NATS, Redis …). Once the
 * process starts shutting down it reports not-ready so the load balancer stops sending work.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private draining = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async run(timeoutMs = 2000): Promise<{ ok: boolean; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        });
        try {
          await Promise.race([check(), timeout]);
          results[name] = 'up';
        } catch (error) {
          results[name] = `down: ${(error as Error).message}`;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    if (this.draining) results.process = 'draining';
    return { ok: !this.draining && Object.values(results).every((r) => r === 'up'), checks: results };
  }
}
