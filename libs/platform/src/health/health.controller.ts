import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { collectDefaultMetrics, register } from 'prom-client';
import { Public } from '../auth/auth.guard';
import { HealthRegistry } from './health.registry';

// Process metrics (CPU, memory, event-loop lag, GC) once per process, beside the platform's own.
let defaultMetricsStarted = false;

@Controller()
@Public()
export class HealthController {
  constructor(private readonly health: HealthRegistry) {
    if (!defaultMetricsStarted) {
      collectDefaultMetrics();
      defaultMetricsStarted = true;
    }
  }

  /** Liveness: the event loop answers. Cheap on purpose; dependencies belong to readiness. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response) {
    const { ok, degraded, checks } = await this.health.run();
    const status = !ok ? 'unavailable' : degraded ? 'degraded' : 'ok';
    res.status(ok ? 200 : 503).json({ status, checks });
  }

  @Get('metrics')
  async metrics(@Res() res: Response) {
    res.type(register.contentType).send(await register.metrics());
  }
}
