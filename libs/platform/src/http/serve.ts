import type { DynamicModule } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import type { Telemetry } from '@wushe/telemetry';
import type { Logger } from 'pino';
import { HealthRegistry } from '../health/health.registry';
import { buildOpenApiDocument, createHttpApp, serveOpenApi } from './bootstrap';

export interface ServeOptions {
  module: DynamicModule;
  config: PlatformConfig;
  logger: Logger;
  telemetry: Telemetry;
  description: string;
}

/**
 * Runs an API process: listens, serves its OpenAPI document, and on SIGTERM/SIGINT reports
 * not-ready, finishes in-flight requests, drains consumers and NATS, and exits; a shutdown that
 * outlives SHUTDOWN_GRACE_MS is cut short so the orchestrator is not left waiting.
 */
export async function serveHttp({
  module,
  config,
  logger,
  telemetry,
  description,
}: ServeOptions): Promise<void> {
  try {
    const app = await createHttpApp(module, config, logger);
    const openApiPath = serveOpenApi(
      app,
      config.service,
      buildOpenApiDocument(app, config.service, description),
    );
    const health = app.get(HealthRegistry);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        health.markDraining();
        logger.info({ signal }, 'Shutting down');
        setTimeout(() => {
          logger.error('Shutdown took longer than the grace period; exiting');
          process.exit(1);
        }, config.shutdownGraceMs).unref();
        // app.close() stops the HTTP server (in-flight requests finish), then module hooks stop
        // consumers and the relay, drain NATS and close the pool.
        void app
          .close()
          .then(() => telemetry.shutdown())
          .then(() => {
            logger.info('Stopped');
            process.exit(0);
          });
      });
    }
    await app.listen(config.http.port);
    logger.info({ port: config.http.port, openApi: openApiPath }, `${config.service} API listening`);
  } catch (error) {
    logger.fatal({ err: error }, `${config.service} API failed to start`);
    await telemetry.shutdown();
    process.exit(1);
  }
}
