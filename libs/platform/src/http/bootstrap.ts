import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@wushe/config';
import { HealthRegistry } from '../health/health.registry';
import { PinoNestLogger } from '../logging/nest-logger';
import { requestLogger } from '../logging/request-log';
import { correlationMiddleware } from './correlation.middleware';
import { JsonTooDeepError, jsonDepthExceeds } from './json-depth';

export function apiPrefix(service: string): string {
  return `api/v1/${service}`;
}

/**
 * Builds (does not start) a service's HTTP application with the platform's conventions: one base
 * path per service, health and metrics outside it, body limits, request logs, correlation ids,
 * and an OpenAPI document. Shutdown is driven by serveHttp (or the test), not by Nest's signal hooks,
 * so the process can exit 0 after draining instead of re-raising the signal.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  config: PlatformConfig,
  logger: Logger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as Type<unknown>, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', {
    limit: config.http.bodyLimit,
    type: ['application/json', 'application/*+json'],
    verify: (_req: unknown, _res: unknown, raw: Buffer) => {
      if (jsonDepthExceeds(raw)) throw new JsonTooDeepError();
    },
  });
  app.disable('x-powered-by');
  // Behind the Ingress the client's address is in X-Forwarded-For; trusted only as configured,
  // since clients can forge the header (per-IP login throttling depends on it).
  app.set('trust proxy', config.http.trustProxy);
  app.use(correlationMiddleware);
  app.use(requestLogger(logger));
  app.setGlobalPrefix(apiPrefix(config.service), { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.get(HealthRegistry);
  return app;
}

export function buildOpenApiDocument(app: INestApplication, service: string, description: string) {
  const builder = new DocumentBuilder()
    .setTitle(`Wushe ${service} API`)
    .setDescription(description)
    .setVersion('1.0.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, builder);
}

/** Serves the OpenAPI document at /api/v1/<service>/openapi.json. */
export function serveOpenApi(app: INestApplication, service: string, document: object): string {
  const path = `/${apiPrefix(service)}/openapi.json`;
  app.getHttpAdapter().get(path, (_req: unknown, res: { json(body: unknown): void }) => res.json(document));
  return path;
}
