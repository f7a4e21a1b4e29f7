// Operator command: node dist/services/reporting/src/dead-letters.cli.js list | replay <consumer> [--id <uuid>]
import { NestFactory } from '@nestjs/core';
import { runDeadLetterCommand } from '@wushe/messaging';
import { loadServiceConfig } from '@wushe/config';
import { createLogger } from '@wushe/platform';
import { ReportingModule } from './reporting.module';
import { VisitsProjectionConsumer } from './visits/visits-projection.consumer';

async function main(): Promise<number> {
  const config = loadServiceConfig('reporting', 'cli');
  const logger = createLogger(config.service, 'warn');
  const app = await NestFactory.createApplicationContext(ReportingModule.forRoot(config, logger, 'cli'), {
    logger: false,
  });
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
