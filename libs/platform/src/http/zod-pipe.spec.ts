import { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import { text } from '../input/text';
import { ZodPipe } from './zod-pipe';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the pipe to refuse the input');
}

describe('ZodPipe', () => {
  it('refuses NUL anywhere in the input before the schema runs, even where the schema would take it', () => {
    const lax = new ZodPipe(z.object({ password: z.string(), budget: z.record(z.string(), z.number()) }));
    const error = refusal(() => lax.transform({ password: 'pw', budget: { 'a\u0000': 1 } }));
    expect(error.code).toBe('COMMON.VALIDATION_FAILED');
    expect(error.details).toEqual({
      errors: [
        {
          path: 'body.budget.a\ufffd',
          code: 'control_character',
          message: 'must not contain NUL',
          messageZh: '不得包含空字符（NUL）',
        },
      ],
    });
  });

  it('refuses a lone surrogate in a query parameter, naming it', () => {
    const error = refusal(() => new ZodPipe(z.object({ q: z.string() }), 'query').transform({ q: '\ud800' }));
    expect(error.details?.errors).toEqual([
      expect.objectContaining({ path: 'query.q', code: 'lone_surrogate' }),
    ]);
  });

  it('reports a building block’s own code and Chinese message, and zod’s with zod’s Chinese locale', () => {
    const pipe = new ZodPipe(z.object({ name: text({ max: 5 }), age: z.number() }).strict());
    const error = refusal(() => pipe.transform({ name: 'a\u0007', age: 'x', extra: 1 }));
    expect(error.details?.errors).toEqual(
      expect.arrayContaining([
        {
          path: 'body.name',
          code: 'control_character',
          message: 'must not contain control characters or line breaks',
          messageZh: '不得包含控制字符或换行',
        },
        expect.objectContaining({
          path: 'body.age',
          code: 'invalid_type',
          messageZh: expect.stringMatching(/无效输入/),
        }),
        expect.objectContaining({
          path: 'body',
          code: 'unrecognized_keys',
          messageZh: expect.stringMatching(/未知的键/),
        }),
      ]),
    );
  });

  it('hands on the parsed value', () => {
    expect(new ZodPipe(z.object({ name: text({ max: 5 }) })).transform({ name: ' 张三 ' })).toEqual({
      name: '张三',
    });
  });
});
