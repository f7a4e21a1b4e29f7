/** DI token of the process's pg Pool (see createPgPool). */
export const PG_POOL = Symbol('PG_POOL');
