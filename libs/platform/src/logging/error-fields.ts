/**
 * An error as a log line carries it: enough to diagnose, nothing a client sent. The error's name
 * is `type` (pino's own name for it; `*.name` is redacted as a person's name in every line).
 */
export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  cause?: LoggedError;
}

const MAX_CAUSES = 3;
// Marks what loggedError made, so serialising twice (here, then pino's `err` serializer) is harmless.
const LOGGED = Symbol('loggedError');

// Prisma's validation errors print the whole call, argument values included (a name, an
// address); their last line says what was wrong, and that is all a log needs.
function messageOf(error: Error): string {
  if (error.name === 'PrismaClientValidationError') {
    const lines = error.message.split('\n').filter((line) => line.trim() !== '');
    return lines[lines.length - 1] ?? '';
  }
  return error.message;
}

// The stack's first line repeats the message; the frames are what the stack adds.
function framesOf(error: Error): string | undefined {
  const frames = error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return frames || undefined;
}

/**
 * The log form of anything thrown: its name (as `type`), message, stack frames, a driver's code and the cause
 * chain. Other properties are left out on purpose: errors carry the query, its parameters or the
 * row (PostgreSQL's `detail`), which may hold personal data.
 */
export function loggedError(thrown: unknown, depth = 0): LoggedError {
  if (thrown !== null && typeof thrown === 'object' && LOGGED in thrown)
    return thrown as unknown as LoggedError;
  const logged = describe(thrown, depth);
  Object.defineProperty(logged, LOGGED, { value: true });
  return logged;
}

function describe(thrown: unknown, depth: number): LoggedError {
  if (!(thrown instanceof Error)) {
    // Something thrown that is not an Error (a library's plain object, a string): its own name and
    // message if it has them, never its text as a whole.
    const { name, message } = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
      name?: unknown;
      message?: unknown;
    };
    const type = thrown === null ? 'null' : typeof thrown;
    return {
      type: typeof name === 'string' ? name : 'NonError',
      message: typeof message === 'string' ? message : `a ${type} was thrown`,
    };
  }
  const code = (thrown as { code?: unknown }).code;
  const cause = thrown.cause;
  return {
    type: thrown.name,
    message: messageOf(thrown),
    stack: framesOf(thrown),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(cause !== undefined && depth < MAX_CAUSES ? { cause: loggedError(cause, depth + 1) } : {}),
  };
}
