import { createRequire } from 'node:module';

// autocannon ships no types; the part of its API the registration bench uses.

export interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}
export interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  requests: Array<{ setupRequest: (req: AutocannonRequest) => AutocannonRequest }>;
}
/** An EventEmitter that is also thenable (not a real Promise: no `finally`). */
export interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  stop(): void;
}
export const autocannon = createRequire(__filename)('autocannon') as (
  opts: AutocannonOptions,
) => AutocannonInstance;
