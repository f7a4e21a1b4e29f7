import type { Telemetry } from '@wushe/telemetry';
import { createLogger, serveHttp } from '@wushe/platform';
import { CasesApiModule } from './cases-api.module';
import type { CasesConfig } from './config';

export function runApi(config: CasesConfig, telemetry: Telemetry): Promise<void> {
  const logger = createLogger(config.service, config.log.level);
  return serveHttp({
    module: CasesApiModule.forRoot(config, logger),
    config,
    logger,
    telemetry,
    description: 'Recipients ledger and case work: visits, assessments, plans, services, referrals, monitoring.',
  });
}
