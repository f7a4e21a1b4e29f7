import type { DynamicModule } from '@nestjs/common';
import type { PlatformConfig } from '@wushe/config';
import type { Telemetry } from '@wushe/telemetry';
import type { Logger } from 'pino';
import { HealthRegistry } from '../health/health.registry';
import { buildOpenApiDocument, createHttpApp, serveOpenApi } from './bootstrap';
import { drainHttpServer } from './http-drain';

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
    const http = drainHttpServer(app.getHttpServer());
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        const started = Date.now();
        health.markDraining();
        logger.info({ signal, inFlight: http.inFlight }, 'Shutting down');
        setTimeout(() => {
          logger.error({ inFlight: http.inFlight }, 'Shutdown took longer than the grace period; exiting');
          process.exit(1);
        }, config.shutdownGraceMs).unref();
        // First stop taking connections and answer every request received: Nest's app.close() runs
        // the modules' destroy hooks (Prisma disconnects, consumers stop) *before* it closes the
        // HTTP server, which would strand a request inside its transaction. Then the hooks stop
        // consumers and the relay, drain NATS and close the pool.
        void http
          .close()
          .then(() => logger.info({ ms: Date.now() - started }, 'HTTP server closed; every request answered'))
          .then(() => app.close())
          .then(() => telemetry.shutdown())
          .then(
            () => {
              logger.info({ ms: Date.now() - started }, 'Stopped');
              process.exit(0);
            },
            (error: unknown) => {
              logger.error({ err: error }, 'Shutdown failed');
              process.exit(1);
            },
          );
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
