import { loadServiceConfig, PlatformConfig, ProcessRole, ServiceId } from '@wushe/config';
import type { z } from 'zod';
import { startTelemetry, Telemetry } from './telemetry';

export type ProcessRunner = (
  role: ProcessRole,
  config: PlatformConfig,
  telemetry: Telemetry,
) => Promise<void>;

/**
 * Starts a service process: validates config, starts OpenTelemetry, and only then loads the
 * process code. OpenTelemetry can only instrument http, express, pg and ioredis if it patches them
 * before their first require, so the process module is passed as a loader, not imported.
 */
export function launch(
  service: ServiceId,
  role: ProcessRole,
  load: () => { run: ProcessRunner },
  extra?: z.ZodObject<z.ZodRawShape>,
): void {
  const config = loadServiceConfig(service, role, undefined, extra);
  const name = role === 'api' ? service : `${service}-${role}`;
  const telemetry = startTelemetry({ service: name, endpoint: config.otel.endpoint });
  void load().run(role, config, telemetry);
}
