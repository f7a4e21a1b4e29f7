import type { Telemetry } from '@wushe/telemetry';
import { createLogger, serveHttp } from '@wushe/platform';
import type { ReportingConfig } from './config';
import { ReportingApiModule } from './reporting-api.module';

export function runApi(config: ReportingConfig, telemetry: Telemetry): Promise<void> {
  const logger = createLogger(config.service, config.log.level);
  return serveHttp({
    module: ReportingApiModule.forRoot(config, logger),
    config,
    logger,
    telemetry,
    description: 'Coverage and KPI read models built from every service’s events.',
  });
}
