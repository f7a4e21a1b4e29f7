import { loggedError } from './error-fields';

describe('loggedError', () => {
  it('keeps the name, message, stack frames, code and causes, and nothing else', () => {
    const cause = Object.assign(new Error('socket closed'), { code: 'ECONNRESET' });
    const error = Object.assign(new Error('query failed', { cause }), {
      code: '22021',
      detail: 'Key (name)=(欧阳明) already exists.',
      query: 'INSERT INTO recipient …',
    });
    const logged = loggedError(error);
    expect(logged).toEqual({
      type: 'Error',
      message: 'query failed',
      stack: expect.stringMatching(/^\s+at /),
      code: '22021',
      cause: { type: 'Error', message: 'socket closed', stack: expect.any(String), code: 'ECONNRESET' },
    });
    expect(JSON.stringify(logged)).not.toContain('欧阳明');
  });

  it('keeps only the reason of a Prisma validation error, whose message prints the call’s arguments', () => {
    const error = new Error(
      '\nInvalid `prisma.recipient.create()` invocation:\n\n{\n  data: {\n    name: "欧阳明",\n    age: "x"\n  }\n}\n\nArgument `age`: Invalid value provided. Expected Int, provided String.',
    );
    error.name = 'PrismaClientValidationError';
    expect(loggedError(error).message).toBe(
      'Argument `age`: Invalid value provided. Expected Int, provided String.',
    );
  });

  it('bounds the cause chain and serialises only once', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a; // a cycle
    expect(JSON.stringify(loggedError(a)).match(/"message":"a"/g)).toHaveLength(4);
    const once = loggedError(new Error('x'));
    expect(loggedError(once)).toBe(once);
  });

  it('describes what is thrown that is not an Error without its text', () => {
    expect(loggedError('Bearer abc')).toEqual({ type: 'NonError', message: 'a string was thrown' });
    expect(loggedError(null)).toEqual({ type: 'NonError', message: 'a null was thrown' });
  });
});
