import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { CommonErrors } from '../errors/domain-error';
import { validationError } from '../errors/problem-details';
import { findUnstorableString } from '../input/unstorable';

const UNSTORABLE = {
  control_character: { message: 'must not contain NUL', messageZh: '不得包含空字符（NUL）' },
  lone_surrogate: {
    message: 'must be valid Unicode (a lone surrogate was sent)',
    messageZh: '必须是有效的 Unicode 文本（含有孤立的代理项）',
  },
} as const;

/**
 * Validates a body, query or param with the same zod schema used everywhere else. Before the
 * schema, any string in the input holding NUL or a lone surrogate is refused: no field takes one,
 * and a field whose schema forgot (a record key, a password) would carry it to PostgreSQL.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'params' = 'body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const unstorable = findUnstorableString(value);
    if (unstorable) {
      throw CommonErrors.VALIDATION_FAILED({
        errors: [
          {
            path: [this.where, ...unstorable.path].join('.'),
            code: unstorable.code,
            ...UNSTORABLE[unstorable.code],
          },
        ],
      });
    }
    // The input rides on each issue only so the Chinese message can name what was received.
    const parsed = this.schema.safeParse(value, { reportInput: true });
    if (!parsed.success) throw validationError(parsed.error, this.where);
    return parsed.data;
  }
}
