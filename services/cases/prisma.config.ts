// Prisma CLI config: the JS engine with the pg adapter works offline (see shared STACK.md).
// The schema is chosen by search_path, so the checked-in migrations stay schema-agnostic and
// tests can apply them to a schema of their own.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const connectionString = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wushe';
process.env.DATABASE_URL = connectionString;
const schema = process.env.DATABASE_SCHEMA ?? 'cases';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  adapter: async () => new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema }),
});
