/** Deepest nesting of arrays and objects a JSON body may have; no route's schema comes near it. */
export const MAX_JSON_DEPTH = 32;

/** Thrown from body-parser's verify hook; the problem-details filter answers COMMON.BODY_TOO_DEEP. */
export class JsonTooDeepError extends Error {
  readonly type = 'entity.too.deep';
  constructor() {
    super(`JSON body nested deeper than ${MAX_JSON_DEPTH}`);
  }
}

/**
 * Whether the raw JSON text nests deeper than `max`, read byte by byte before it is parsed:
 * JSON.parse takes thousands of levels, but JSON.stringify and every recursive walk afterwards
 * (hashing an Idempotency-Key's request, logging) overflow the stack on them.
 */
export function jsonDepthExceeds(raw: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
