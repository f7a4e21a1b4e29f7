import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  return { lines, nest: new PinoNestLogger(createLogger('test', 'trace', stream)) };
}

describe('PinoNestLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('merges an object message into the line and takes the text after it as the message (the 500 log)', () => {
    const { lines, nest } = capture();
    Logger.overrideLogger(nest);
    new Logger('ProblemDetails').error(
      { err: new TypeError('boom'), route: 'GET /x/:id' },
      'Unhandled error',
    );
    expect(lines[0]).toMatchObject({
      level: 'error',
      context: 'ProblemDetails',
      msg: 'Unhandled error',
      route: 'GET /x/:id',
      err: { type: 'TypeError', message: 'boom', stack: expect.stringContaining('at ') },
    });
  });

  it('keeps Nest’s own convention: error(message, stack) with the context last', () => {
    const { lines, nest } = capture();
    Logger.overrideLogger(nest);
    new Logger('ExceptionsHandler').error('Nest failed', 'Error: x\n    at y');
    new Logger('RoutesResolver').log('Mapped {/a, GET} route');
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'Nest failed',
        stack: 'Error: x\n    at y',
        context: 'ExceptionsHandler',
      }),
      expect.objectContaining({ level: 'info', msg: 'Mapped {/a, GET} route', context: 'RoutesResolver' }),
    ]);
  });

  it('logs an Error message as the error, never as "[object Object]"', () => {
    const { lines, nest } = capture();
    nest.error(new RangeError('out of range'), undefined, 'Bootstrap');
    nest.warn({ attempt: 2 }, 'Retrying', 'Relay');
    expect(lines[0]).toMatchObject({
      msg: 'out of range',
      context: 'Bootstrap',
      err: { type: 'RangeError' },
    });
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'Retrying', attempt: 2, context: 'Relay' });
    expect(JSON.stringify(lines)).not.toContain('[object Object]');
  });
});
