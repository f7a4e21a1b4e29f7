import { z } from 'zod';

// Plaintext from outside (names, titles, notes, search terms) passes through these building blocks
// before it reaches a use case, a cipher or PostgreSQL. Two things in a JavaScript string break
// the server further down: NUL (PostgreSQL refuses \u0000 in text and jsonb, so the write fails
// with a 500) and a lone UTF-16 surrogate (it has no UTF-8 form: it is silently turned into U+FFFD
// on the way to the database, so what is stored is not what was sent, and a prefix search on it
// fails). Other control characters are refused because no field a person types holds one: they
// are paste accidents or attempts to forge log lines and CSV cells.

/** The issue codes these blocks report (in `errors[].code` of a 400 problem). */
export const TEXT_ISSUES = {
  controlCharacter: 'control_character',
  loneSurrogate: 'lone_surrogate',
} as const;

// C0 controls, DEL and C1 controls; a single line also refuses the Unicode line and paragraph
// separators (U+2028/U+2029), which render as line breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// Notes keep their tab and line breaks (\r\n and \r are made \n); every other control is refused.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// With the u flag a surrogate class only matches a surrogate that is not half of a pair.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** True for a string PostgreSQL and UTF-8 can hold as sent: no NUL, no lone surrogate. */
export function isStorableString(s: string): boolean {
  return !s.includes('\u0000') && !hasLoneSurrogate(s);
}

/**
 * True for what `text` takes before trimming: no control character, line break or lone surrogate.
 * For input that is not parsed with zod (a cell of an uploaded spreadsheet).
 */
export function isPlainLine(s: string): boolean {
  return !SINGLE_LINE_FORBIDDEN.test(s) && !hasLoneSurrogate(s);
}

type StringCheck = Parameters<z.ZodString['check']>[0];

function refuse(pattern: RegExp, what: { en: string; zh: string }): StringCheck {
  return z.refine<string>((s) => !pattern.test(s), {
    message: what.en,
    params: { code: TEXT_ISSUES.controlCharacter, zh: what.zh },
  });
}

const refuseLoneSurrogate: StringCheck = z.refine<string>((s) => !hasLoneSurrogate(s), {
  message: 'must be valid Unicode (a lone surrogate was sent)',
  params: { code: TEXT_ISSUES.loneSurrogate, zh: '必须是有效的 Unicode 文本（含有孤立的代理项）' },
});

const refuseSingleLineControls = refuse(SINGLE_LINE_FORBIDDEN, {
  en: 'must not contain control characters or line breaks',
  zh: '不得包含控制字符或换行',
});
const refuseMultiLineControls = refuse(MULTI_LINE_FORBIDDEN, {
  en: 'must not contain control characters (tab and line breaks are allowed)',
  zh: '不得包含控制字符（制表符和换行除外）',
});

export interface TextOptions {
  /** Shortest length after trimming (default 1: a blank field is refused, not stored as ''). */
  min?: number;
  /** Longest length after trimming and NFC, in UTF-16 code units (what `varchar(n)` nearly counts). */
  max: number;
}

/**
 * One line of plaintext a person typed: a name, a title, a place, a search term. Refuses control
 * characters (NUL included), line breaks and lone surrogates; trims, and normalises to NFC so the
 * same name typed on two keyboards is stored, compared and searched as the same string.
 */
export function text({ min = 1, max }: TextOptions) {
  return z
    .string()
    .check(refuseSingleLineControls, refuseLoneSurrogate)
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max);
}

/**
 * Free text over several lines: visit findings, notes, comments. Like `text` but keeps tabs and
 * line breaks, with \r\n and \r made \n (devices differ; the stored note should not).
 */
export function multilineText({ min = 1, max }: TextOptions) {
  return z
    .string()
    .check(refuseMultiLineControls, refuseLoneSurrogate)
    .overwrite((s) => s.replace(/\r\n?/g, '\n'))
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max);
}

/**
 * A string that must reach its reader exactly as sent (a password, a token, an opaque key or
 * client id, a code checked elsewhere): not trimmed, not normalised, but still free of control
 * characters and lone surrogates. A password is hashed as sent; normalising it now would lock out
 * whoever chose one in another normal form.
 */
export function opaqueText({ min = 1, max }: TextOptions) {
  const checked = z.string().check(refuseSingleLineControls, refuseLoneSurrogate);
  // min(0) says nothing, but would show as minLength: 0 in the OpenAPI documents.
  return (min > 0 ? checked.min(min) : checked).max(max);
}
