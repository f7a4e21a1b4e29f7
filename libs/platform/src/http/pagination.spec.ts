import { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, pageQuerySchema, toPage } from './pagination';

const keySchema = z.object({ createdAt: z.string(), id: z.string().uuid() });
const key = { createdAt: '2026-11-28T10:00:00.000Z', id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError
      ? `${error.code}/${error.status}`
      : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

describe('cursor pagination', () => {
  it('round-trips a key through an opaque, URL-safe cursor', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(key.id);
    expect(decodeCursor(cursor, keySchema)).toEqual(key);
  });

  it('round-trips numbers and non-ASCII text', () => {
    const numeric = z.object({ seq: z.number(), name: z.string() });
    expect(decodeCursor(encodeCursor({ seq: 42, name: '芙蓉区' }), numeric)).toEqual({
      seq: 42,
      name: '芙蓉区',
    });
  });

  it('no cursor means the first page', () => {
    expect(decodeCursor(undefined, keySchema)).toBeUndefined();
  });

  it('rejects a tampered or foreign cursor with COMMON.BAD_CURSOR (400)', () => {
    const good = encodeCursor(key);
    const flipped = `${good.slice(0, 3)}${good[3] === 'A' ? 'B' : 'A'}${good.slice(4)}`;
    const cases = [
      flipped, // bytes changed: no longer JSON
      good.slice(0, -5), // truncated
      '',
      'not a cursor at all',
      encodeCursor({ createdAt: key.createdAt }), // well-formed JSON of the wrong shape
      encodeCursor({ createdAt: key.createdAt, id: "x' OR 1=1 --" }),
      Buffer.from('[1,2,3]').toString('base64url'),
    ];
    for (const cursor of cases)
      expect([cursor, codeOf(() => decodeCursor(cursor, keySchema))]).toEqual([
        cursor,
        'COMMON.BAD_CURSOR/400',
      ]);
  });

  it('toPage with limit + 1 rows returns limit items and a cursor for the last one', () => {
    const rows = [1, 2, 3, 4].map((n) => ({ id: `id-${n}`, n }));
    const page = toPage(rows, 3, (r) => ({ id: r.id, n: r.n }));
    expect(page.items.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor ?? undefined, z.object({ id: z.string(), n: z.number() }))).toEqual({
      id: 'id-3',
      n: 3,
    });
  });

  it('toPage with limit or fewer rows is the last page', () => {
    const keyOf = (r: { id: string }) => ({ id: r.id });
    expect(toPage([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 3, keyOf)).toEqual({
      items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      nextCursor: null,
    });
    expect(toPage([{ id: 'a' }], 3, keyOf)).toEqual({ items: [{ id: 'a' }], nextCursor: null });
    expect(toPage([], 3, keyOf)).toEqual({ items: [], nextCursor: null });
  });

  it('pageQuerySchema coerces the limit, defaults it to 50 and bounds it to 1..200', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(pageQuerySchema.parse({ limit: '20', cursor: 'abc' })).toEqual({ limit: 20, cursor: 'abc' });
    for (const limit of ['0', '201', '1.5', 'ten'])
      expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ cursor: 'x'.repeat(501) }).success).toBe(false);
  });
});
