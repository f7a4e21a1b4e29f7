import { z } from 'zod';
import { isPlainLine, isStorableString, multilineText, opaqueText, text, TEXT_ISSUES } from './text';

const issues = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues;
};
const codes = (schema: z.ZodType, value: unknown) =>
  issues(schema, value).map((i) => (i.code === 'custom' ? (i.params as { code: string }).code : i.code));

describe('text (one line a person typed)', () => {
  const name = text({ max: 10 });

  it('trims and normalises to NFC', () => {
    expect(name.parse('  张三  ')).toBe('张三');
    // e + combining acute (NFD, as some keyboards send it) is stored as the one character é.
    expect(name.parse('Jose\u0301')).toBe('José');
    expect(name.parse('\u3000李四\u3000')).toBe('李四'); // the ideographic space is whitespace
  });

  it('keeps characters outside the BMP (a surrogate pair is not a lone surrogate)', () => {
    expect(name.parse('𠮷野家')).toBe('𠮷野家');
    expect(name.parse('😀')).toBe('😀');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone NUL', '\u0000'],
    ['a bell', 'a\u0007'],
    ['a line feed', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a tab', 'a\tb'],
    ['an escape (terminal colours)', '\u001b[31mred'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085b'],
    ['the line separator', 'a\u2028b'],
    ['the paragraph separator', 'a\u2029b'],
  ])('refuses %s', (_what, value) => {
    expect(codes(name, value)).toContain(TEXT_ISSUES.controlCharacter);
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a reversed pair', '\ude00\ud83d'],
    ['half a pair at the end', '张\ud842'],
  ])('refuses %s', (_what, value) => {
    expect(codes(name, value)).toEqual([TEXT_ISSUES.loneSurrogate]);
  });

  it('says what is wrong in English and Chinese', () => {
    const [issue] = issues(name, 'a\u0000') as Array<{ message: string; params?: { zh: string } }>;
    expect(issue.message).toMatch(/control characters/);
    expect(issue.params?.zh).toMatch(/控制字符/);
  });

  it('measures the length after trimming, and refuses a blank value by default', () => {
    expect(codes(name, '   ')).toEqual(['too_small']);
    expect(name.parse(`  ${'x'.repeat(10)}  `)).toHaveLength(10);
    expect(codes(name, 'x'.repeat(11))).toEqual(['too_big']);
    expect(text({ min: 0, max: 3 }).parse(' ')).toBe('');
  });

  it('refuses what is not a string and composes like any zod string', () => {
    expect(codes(name, 42)).toEqual(['invalid_type']);
    expect(name.optional().parse(undefined)).toBeUndefined();
    expect(name.nullable().parse(null)).toBeNull();
  });
});

describe('multilineText (notes, findings, comments)', () => {
  const note = multilineText({ max: 50 });

  it('keeps tabs and line breaks, making \\r\\n and \\r into \\n', () => {
    expect(note.parse('line 1\r\nline 2\rline 3\n\tindented')).toBe('line 1\nline 2\nline 3\n\tindented');
  });

  it('trims the whole note and normalises it to NFC', () => {
    expect(note.parse('\n  Jose\u0301 came home  \r\n')).toBe('José came home');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a vertical tab', 'a\u000bb'],
    ['a form feed', 'a\u000cb'],
    ['an escape', '\u001b[2J'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u009bb'],
  ])('refuses %s', (_what, value) => {
    expect(codes(note, value)).toContain(TEXT_ISSUES.controlCharacter);
  });

  it('refuses a lone surrogate', () => {
    expect(codes(note, 'found\udfff')).toEqual([TEXT_ISSUES.loneSurrogate]);
  });
});

describe('opaqueText (passwords, tokens, codes checked elsewhere)', () => {
  const secret = opaqueText({ max: 20 });

  it('passes the value through exactly as sent', () => {
    expect(secret.parse('  pa ss  ')).toBe('  pa ss  ');
    expect(secret.parse('Jose\u0301')).toBe('Jose\u0301');
  });

  it('still refuses control characters and lone surrogates', () => {
    expect(codes(secret, 'pw\u0000')).toEqual([TEXT_ISSUES.controlCharacter]);
    expect(codes(secret, 'pw\ud800')).toEqual([TEXT_ISSUES.loneSurrogate]);
    expect(codes(secret, '')).toEqual(['too_small']);
  });
});

describe('isPlainLine', () => {
  it('is what text takes: no controls, line breaks or lone surrogates', () => {
    expect(isPlainLine('  张三 𠮷 ')).toBe(true);
    for (const bad of ['a\u0000', 'a\nb', 'a\tb', '\u001b[0m', 'a\u2028', '\ud800'])
      expect(isPlainLine(bad)).toBe(false);
  });
});

describe('isStorableString', () => {
  it('is false only for NUL and lone surrogates', () => {
    expect(isStorableString('张三\n\t😀')).toBe(true);
    expect(isStorableString('a\u0000')).toBe(false);
    expect(isStorableString('\ud800')).toBe(false);
  });
});
