import { z } from 'zod';
import { CommonErrors } from '../errors/domain-error';
import { opaqueText } from '../input/text';

// Opaque cursors: clients pass back what they were given and never build one.
export const pageQuerySchema = z.object({
  cursor: opaqueText({ min: 0, max: 500 }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(
  cursor: string | undefined,
  schema: S,
): z.infer<S> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw CommonErrors.BAD_CURSOR();
  }
}

/** Callers fetch `limit + 1` rows; the extra row only tells whether there is a next page. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Record<string, string | number>,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
