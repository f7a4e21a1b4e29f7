import { z } from 'zod';
import { loadConfig } from './platform-config';

export const SERVICE_PORTS = {
  identity: 3001,
  cases: 3002,
  volunteers: 3003,
  funding: 3004,
  reporting: 3005,
} as const;
export type ServiceId = keyof typeof SERVICE_PORTS;

/**
 * What a process of a service does. `api` serves HTTP, relays the outbox and runs consumers;
 * `worker` runs BullMQ jobs (and serves only health and metrics); `cli` does neither.
 */
export type ProcessRole = 'api' | 'worker' | 'cli';

export function roleCapabilities(role: ProcessRole) {
  return { http: role === 'api', relay: role === 'api', consumers: role === 'api', work: role === 'worker' };
}

/** Workers listen 100 ports above their API so both run side by side locally. */
export function loadServiceConfig<E extends z.ZodRawShape = Record<string, never>>(
  service: ServiceId,
  role: ProcessRole,
  env: NodeJS.ProcessEnv = process.env,
  extra?: z.ZodObject<E>,
) {
  const port = SERVICE_PORTS[service] + (role === 'worker' ? 100 : 0);
  return loadConfig({ service, httpPort: port }, extra, env);
}
