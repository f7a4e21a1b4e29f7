import { findUnstorableString } from './unstorable';

describe('findUnstorableString', () => {
  it('finds NUL and lone surrogates in values at any depth, and names where', () => {
    expect(findUnstorableString('a\u0000')).toEqual({ path: [], code: 'control_character' });
    expect(findUnstorableString({ a: [{ b: 'ok' }, { c: 'x\ud800' }] })).toEqual({
      path: ['a', '1', 'c'],
      code: 'lone_surrogate',
    });
  });

  it('finds them in object keys too (a record key reaches jsonb as it came)', () => {
    const found = findUnstorableString({ budget: { 'a\u0000': 1 } });
    expect(found).toEqual({ path: ['budget', 'a\ufffd'], code: 'control_character' });
  });

  it('passes what any field may hold: line breaks, tabs, surrogate pairs, non-strings', () => {
    expect(findUnstorableString({ note: 'a\nb\tc', name: '𠮷😀', n: 1, t: true, x: null })).toBeUndefined();
    expect(findUnstorableString(undefined)).toBeUndefined();
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableString(deep)?.code).toBe('control_character');
  });
});
