import type { DynamicModule } from '@nestjs/common';
import type { PlatformConfig, ProcessRole } from '@wushe/config';
import type { Telemetry } from '@wushe/telemetry';
import type { Logger } from 'pino';
import { createLogger } from '../logging/logger';
import { serveHttp } from './serve';

export interface ServiceProcess {
  description: string;
  module(config: PlatformConfig, logger: Logger, role: ProcessRole): DynamicModule;
}

/** Runs an API or worker process of a service (workers serve only health and metrics). */
export function runServiceProcess(
  service: ServiceProcess,
  role: ProcessRole,
  config: PlatformConfig,
  telemetry: Telemetry,
): Promise<void> {
  const logger = createLogger(
    role === 'api' ? config.service : `${config.service}-${role}`,
    config.log.level,
  );
  return serveHttp({
    module: service.module(config, logger, role),
    config,
    logger,
    telemetry,
    description: service.description,
  });
}
