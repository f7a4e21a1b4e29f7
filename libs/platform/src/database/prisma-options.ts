/**
 * Interactive-transaction limits for every service's PrismaClient. Prisma's defaults (2 s to get a
 * connection, 5 s to finish) are short for a pool of 10 shared with 16 inbox handlers on a busy
 * 2-core node, and their expiry is where @prisma/adapter-pg has leaked or double-released pool
 * clients (prisma/orm#29719, #29952): a leaked client makes pool.end() wait forever at shutdown.
 * Waiting longer for a connection is the cheaper failure.
 */
export const PRISMA_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;
