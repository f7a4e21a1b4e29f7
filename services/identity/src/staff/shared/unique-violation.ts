import { DomainError } from '@wushe/platform';
import { Prisma } from '../../generated/prisma';

/** A unique-constraint violation (Prisma P2002, or Postgres 23505 surfaced by the driver adapter). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002';
  const text = error instanceof Error ? error.message : '';
  return /23505|unique constraint/i.test(text);
}

/**
 * Runs a transaction and turns a unique violation it hit into `conflict` (the pre-checks inside
 * catch the common case; the constraint catches the race between two transactions).
 */
export async function withUniqueAs<R>(work: () => Promise<R>, conflict: () => DomainError): Promise<R> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
