// Operator command: node dist/services/reporting/src/dead-letters.cli.js list | replay <consumer> [--id <uuid>]
import { NestFactory } from '@nestjs/core';
import { runDeadLetterCommand } from '@wushe/messaging';
import { createLogger } from '@wushe/platform';
import { loadReportingConfig } from './config';
import { ReportingApiModule } from './reporting-api.module';
import { VisitsProjectionConsumer } from './visits/visits-projection.consumer';

async function main(): Promise<number> {
  const config = loadReportingConfig();
  const logger = createLogger(config.service, 'warn');
  const app = await NestFactory.createApplicationContext(
    ReportingApiModule.forRoot(config, logger, { http: false, consumers: false }),
    { logger: false },
  );
  try {
    return await runDeadLetterCommand([app.get(VisitsProjectionConsumer).consumer], process.argv.slice(2));
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
