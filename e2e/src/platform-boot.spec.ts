import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestEnvironment, TestEnvironment } from '@wushe/testing';
import { ServiceProcess, startService } from './support/service-process';

const SERVICES = ['identity', 'cases', 'volunteers', 'funding', 'reporting'] as const;
const WITH_WORKER = ['identity', 'cases', 'volunteers', 'funding'] as const;
const ROOT = join(__dirname, '..', '..');

describe('the whole platform: five APIs and four workers', () => {
  let env: TestEnvironment;
  const apis = new Map<string, ServiceProcess>();
  const workers = new Map<string, ServiceProcess>();

  beforeAll(async () => {
    env = await createTestEnvironment([...SERVICES]);
    await Promise.all([
      ...SERVICES.map(async (s) => apis.set(s, await startService(s, env.envFor(s)))),
      ...WITH_WORKER.map(async (s) => workers.set(s, await startService(s, env.envFor(s), 'worker.ts'))),
    ]);
  });

  afterAll(async () => {
    await Promise.all([...apis.values(), ...workers.values()].map((p) => p.stop()));
    await env?.teardown();
  });

  it.each(SERVICES)('%s answers /health/ready with 200 and every dependency up', async (service) => {
    const res = await fetch(`${apis.get(service)?.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { database: 'up', nats: 'up', redis: 'up' },
    });
  });

  it.each(WITH_WORKER)('%s worker answers /health/ready and exposes metrics', async (service) => {
    const worker = workers.get(service)?.url;
    expect((await fetch(`${worker}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${worker}/metrics`)).text();
    expect(metrics).toContain('process_cpu');
  });

  it.each(SERVICES)(
    '%s serves the checked-in OpenAPI document (run `npm run openapi` after API changes)',
    async (service) => {
      const served = await (await fetch(`${apis.get(service)?.url}/api/v1/${service}/openapi.json`)).json();
      const committed = JSON.parse(readFileSync(join(ROOT, 'services', service, 'openapi.json'), 'utf8'));
      expect(served).toEqual(committed);
    },
  );

  it('reports the outbox backlog as a Prometheus metric', async () => {
    const metrics = await (await fetch(`${apis.get('cases')?.url}/metrics`)).text();
    expect(metrics).toMatch(/wushe_outbox_backlog\{schema="[^"]+"\} 0/);
  });

  // Idle processes; SIGTERM during a burst of requests is a fault of `npm run test:faults`.
  it('exits every idle process with code 0 on SIGTERM', async () => {
    const codes = await Promise.all([...apis.values(), ...workers.values()].map((p) => p.stop()));
    expect(codes).toEqual(new Array(SERVICES.length + WITH_WORKER.length).fill(0));
  });
});
