import { z } from 'zod';

// The one place the environment is read. Every process validates it at boot and gets one typed,
// frozen object; nothing else in the code base touches process.env.
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _');
const natsPrefix = z.string().regex(/^([a-z0-9_-]{1,40})?$/, 'empty, or up to 40 of [a-z0-9_-]');
const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

export const platformEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HTTP_PORT: port.optional(),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/wushe'),
  DATABASE_SCHEMA: identifier.optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_PREFIX: natsPrefix.default(''),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_:-]{1,60}$/)
    .default('wushe'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  AUTH_JWKS_URL: optionalUrl,
  AUTH_JWKS: z.string().optional(),
  AUTH_ISSUER: z.string().default('wushe-identity'),
  AUTH_AUDIENCE: z.string().default('wushe'),
  STREAM_MAX_AGE_DAYS: positiveInt.default(365),
  OUTBOX_BATCH_SIZE: positiveInt.max(5000).default(500),
  OUTBOX_POLL_MS: positiveInt.default(1000),
  INBOX_MAX_DELIVERIES: positiveInt.max(100).default(5),
  INBOX_BACKOFF_MS: positiveInt.default(1000),
  INBOX_CONCURRENCY: positiveInt.max(256).default(16),
  SHUTDOWN_GRACE_MS: positiveInt.default(25_000),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('256kb'),
  /** Proxies in front (Express 'trust proxy'): a hop count, or addresses/CIDRs/'uniquelocal'. */
  HTTP_TRUST_PROXY: z
    .string()
    .regex(/^(false|\d{1,2}|[a-z0-9.:/, ]+)$/)
    .default('false'),
});

/** Express's setting: false, a number of hops, or a list of trusted addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export interface ServiceDefaults {
  service: string;
  httpPort: number;
}

export type PlatformConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof platformEnvSchema>, defaults: ServiceDefaults) {
  return {
    service: defaults.service,
    env: env.NODE_ENV,
    http: {
      port: env.HTTP_PORT ?? defaults.httpPort,
      bodyLimit: env.HTTP_BODY_LIMIT,
      trustProxy: trustProxy(env.HTTP_TRUST_PROXY),
    },
    database: {
      url: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA ?? defaults.service,
      poolSize: env.DATABASE_POOL_SIZE,
    },
    nats: { url: env.NATS_URL, prefix: env.NATS_PREFIX, streamMaxAgeDays: env.STREAM_MAX_AGE_DAYS },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX },
    log: { level: env.LOG_LEVEL },
    otel: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT },
    auth: {
      jwksUrl: env.AUTH_JWKS_URL,
      jwks: env.AUTH_JWKS,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
    },
    outbox: { batchSize: env.OUTBOX_BATCH_SIZE, pollMs: env.OUTBOX_POLL_MS },
    inbox: {
      maxDeliveries: env.INBOX_MAX_DELIVERIES,
      backoffMs: env.INBOX_BACKOFF_MS,
      concurrency: env.INBOX_CONCURRENCY,
    },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
  };
}

export class ConfigError extends Error {}

/**
 * Validates the environment into a typed config, plus the service's own variables when it
 * passes a schema for them. Throws one error naming every bad variable.
 */
export function loadConfig<E extends z.ZodRawShape = Record<string, never>>(
  defaults: ServiceDefaults,
  extra?: z.ZodObject<E>,
  source: NodeJS.ProcessEnv = process.env,
): PlatformConfig & { extra: z.infer<z.ZodObject<E>> } {
  const schema = extra ? platformEnvSchema.extend(extra.shape) : platformEnvSchema;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration for ${defaults.service}:\n${lines.join('\n')}`);
  }
  const extraValues = extra ? extra.parse(source) : {};
  return Object.freeze({
    ...toConfig(parsed.data as z.infer<typeof platformEnvSchema>, defaults),
    extra: extraValues as z.infer<z.ZodObject<E>>,
  });
}
