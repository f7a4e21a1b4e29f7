import { createTestEnvironment, TestEnvironment } from '@wushe/testing';
import { PrivateNatsServer } from './nats-server';
import { OtlpReceiver } from './otlp-receiver';
import { ServiceProcess, startService } from './service-process';

export interface PlatformUnderTest {
  env: TestEnvironment;
  nats: PrivateNatsServer;
  otlp: OtlpReceiver;
  cases: ServiceProcess;
  reporting: ServiceProcess;
  reportingEnv: NodeJS.ProcessEnv;
  teardown(): Promise<void>;
}

/** Cases and reporting as real processes, on a private NATS server and this run's own schemas. */
export async function startCasesAndReporting(): Promise<PlatformUnderTest> {
  const env = await createTestEnvironment(['cases', 'reporting']);
  const nats = await PrivateNatsServer.start();
  const otlp = await OtlpReceiver.start();
  const shared = {
    NATS_URL: nats.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  const reportingEnv = env.envFor('reporting', shared);
  const [cases, reporting] = await Promise.all([
    startService('cases', env.envFor('cases', shared)),
    startService('reporting', reportingEnv),
  ]);
  return {
    env,
    nats,
    otlp,
    cases,
    reporting,
    reportingEnv,
    teardown: async () => {
      await Promise.all([cases.stop(), reporting.stop()]);
      await otlp.close();
      await nats.destroy();
      await env.teardown();
    },
  };
}

/** Polls until `probe` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
