import { Prisma } from '../generated/prisma';

/** A unique-constraint violation (Prisma P2002, or Postgres 23505 surfaced by the driver adapter). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002';
  const text = error instanceof Error ? error.message : '';
  return /23505|unique constraint/i.test(text);
}
