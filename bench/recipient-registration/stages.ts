import type { NestExpressApplication } from '@nestjs/platform-express';
import { FieldCipher } from '@wushe/platform';
import { Client } from 'pg';
import { performance } from 'node:perf_hooks';
import { RegistrationWriter } from '@wushe/cases';
import { percentile, round } from '../support/stats';
import type { BodySource } from './bodies';

// ---------------------------------------------------------------------------------------------
// Stages: one registration at a time, its collaborators timed.

export interface StageTimes {
  httpTotal: number[];
  cipher: number[];
  write: number[];
  statements: number[];
}

export function timeAsync<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  sink: (ms: number) => void,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const t0 = performance.now();
    try {
      return await fn(...args);
    } finally {
      sink(performance.now() - t0);
    }
  };
}

export async function measureStages(
  app: NestExpressApplication,
  url: string,
  token: string,
  bodies: BodySource,
  samples: number,
  stopped: () => boolean,
): Promise<{
  stages: Record<string, { p50: number; mean: number }>;
  statementsPerRequest: number;
  failures: number;
}> {
  const times: StageTimes = {
    httpTotal: [],
    cipher: [],
    write: [],
    statements: [],
  };
  let current: Record<keyof StageTimes, number> | undefined;
  // Stages of one request add up into its row (the request runs alone, so nothing overlaps).
  const sinkFor = (key: keyof StageTimes) => (ms: number) => {
    if (current) current[key] += ms;
  };

  const writer = app.get(RegistrationWriter, { strict: false });
  const cipher = app.get(FieldCipher, { strict: false });
  const restore: Array<() => void> = [];
  const patch = <T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]) => {
    const original = target[key];
    target[key] = replacement;
    restore.push(() => (target[key] = original));
  };
  patch(writer, 'register', timeAsync(writer.register.bind(writer), sinkFor('write')));
  for (const key of ['encrypt', 'lookupHash', 'decrypt'] as const) {
    const original = cipher[key].bind(cipher) as (value: string) => string;
    patch(cipher, key, ((value: string) => {
      const t0 = performance.now();
      try {
        return original(value);
      } finally {
        if (current) current.cipher += performance.now() - t0;
      }
    }) as (typeof cipher)[typeof key]);
  }
  // Every statement the API sends goes through pg's Client#query (Prisma's adapter uses the pool).
  const clientProto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    if (current) current.statements += 1;
    return originalQuery.apply(this, args);
  };
  restore.push(() => (clientProto.query = originalQuery));

  let failures = 0;
  try {
    for (let i = 0; i < samples && !stopped(); i++) {
      current = {
        httpTotal: 0,
        cipher: 0,
        write: 0,
        statements: 0,
      };
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: bodies.take(),
      });
      await res.arrayBuffer();
      current.httpTotal = performance.now() - t0;
      if (res.status !== 201) failures++;
      for (const key of Object.keys(times) as Array<keyof StageTimes>) times[key].push(current[key]);
      current = undefined;
    }
  } finally {
    current = undefined;
    for (const undo of restore.reverse()) undo();
  }

  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      p50: round(percentile(sorted, 50), 2),
      mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), 2),
    };
  };
  const stages: Record<string, { p50: number; mean: number }> = {};
  for (const key of ['httpTotal', 'cipher', 'write'] as const) {
    stages[key] = summary(times[key]);
  }
  const inStages = times.httpTotal.map((_, i) => times.cipher[i] + times.write[i]);
  stages.restOfRequest = summary(times.httpTotal.map((total, i) => total - inStages[i]));
  return {
    stages,
    statementsPerRequest: round(times.statements.reduce((a, b) => a + b, 0) / Math.max(1, samples), 1),
    failures,
  };
}
