import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { validationError } from '../errors/problem-details';

/** Validates a body, query or param with the same zod schema used everywhere else. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'params' = 'body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw validationError(parsed.error, this.where);
    return parsed.data;
  }
}
