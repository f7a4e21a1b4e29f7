// Shared Prisma CLI config for every service: the JS engine with the pg adapter works offline
// (shared STACK.md). The schema is chosen by search_path, so the checked-in migrations stay
// schema-agnostic and tests can apply them to a schema of their own.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export function servicePrismaConfig(serviceDir: string, service: string) {
  const connectionString = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wushe';
  // `prisma generate` falls back to downloading a native engine when DATABASE_URL is unset.
  process.env.DATABASE_URL = connectionString;
  const schema = process.env.DATABASE_SCHEMA ?? service;
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: path.join(serviceDir, 'prisma'),
    migrations: { path: path.join(serviceDir, 'prisma', 'migrations') },
    adapter: async () =>
      new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema }),
  });
}
