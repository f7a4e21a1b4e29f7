import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

const nested = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

describe('jsonDepthExceeds', () => {
  it('accepts bodies up to the limit and refuses deeper ones, arrays and objects alike', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":'.repeat(40) + '1' + '}'.repeat(40)))).toBe(true);
    expect(jsonDepthExceeds(nested(100_000))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ note: '['.repeat(100) + '\\"[[[' + '{'.repeat(100) });
    expect(jsonDepthExceeds(Buffer.from(text))).toBe(false);
  });

  it('counts depth, not the number of brackets', () => {
    const wide = JSON.stringify(Array.from({ length: 1000 }, () => [[1], { a: [2] }]));
    expect(jsonDepthExceeds(Buffer.from(wide))).toBe(false);
  });
});
