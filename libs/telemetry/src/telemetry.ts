import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  service: string;
  /** OTLP/HTTP endpoint; tracing stays off when it is not configured. */
  endpoint?: string;
  /** For tests: collect spans in memory or elsewhere instead of (or besides) OTLP. */
  spanProcessors?: tracing.SpanProcessor[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry. Must run before the instrumented modules (http, express, pg, ioredis) are
 * loaded, so entry points call it first. Off unless an endpoint or processors are given.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const processors = [...(options.spanProcessors ?? [])];
  if (options.endpoint) {
    const url = `${options.endpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (processors.length === 0) return { shutdown: async () => undefined };
  const sdk = new NodeSDK({
    serviceName: options.service,
    spanProcessors: processors,
    instrumentations: [
      getNodeAutoInstrumentations({
        // File-system and DNS spans are noise at this scale.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
