import { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { loggedError } from './error-fields';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Routes Nest's own logging through pino so every line is structured JSON. Nest calls
 * `error(message, stack?, context)` and `log(message, context)`, with the logger's context last;
 * our code calls a `new Logger(context)` pino-style, `error({ err, … }, 'what failed')`. An object
 * message is merged into the line (its `err` serialised as an error), never turned into a string.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    const rest = [...params];
    // Nest appends the context; an error line always has a stack slot before it (maybe undefined).
    const last = rest[rest.length - 1];
    const hasContext = typeof last === 'string' && (level !== 'error' || rest.length >= 2);
    const context = hasContext ? (rest.pop() as string) : undefined;
    const extra = typeof rest[0] === 'string' && rest[0] !== '' ? rest[0] : undefined;

    if (message instanceof Error) {
      this.logger[level]({ context, err: loggedError(message) }, extra ?? message.message);
    } else if (message !== null && typeof message === 'object') {
      const fields = { ...(message as Record<string, unknown>) };
      if ('err' in fields) fields.err = loggedError(fields.err);
      this.logger[level]({ context, ...fields }, extra);
    } else {
      // A string message: for an error line, what follows it is Nest's stack.
      const stack = level === 'error' && extra ? { stack: extra } : {};
      this.logger[level]({ context, ...stack }, String(message));
    }
  }
}
