import type { Telemetry } from '@wushe/telemetry';
import { createLogger, serveHttp } from '@wushe/platform';
import { CasesWorkerModule } from './cases-worker.module';
import type { CasesConfig } from './config';

export function runWorker(config: CasesConfig, telemetry: Telemetry): Promise<void> {
  const logger = createLogger(`${config.service}-worker`, config.log.level);
  return serveHttp({
    module: CasesWorkerModule.forRoot(config, logger),
    config,
    logger,
    telemetry,
    description: 'Cases worker: health and metrics only.',
  });
}
