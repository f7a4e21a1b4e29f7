import { hasLoneSurrogate } from './text';

export interface UnstorableString {
  /** Where it sits in the input: object keys and array indexes. */
  path: string[];
  code: 'control_character' | 'lone_surrogate';
}

interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) path.push(v.key);
  return path.reverse();
}

/** A key as it can be echoed in a problem: NUL and surrogates replaced by U+FFFD. */
function echoable(key: string): string {
  return key.replaceAll('\u0000', '\ufffd').replace(/[\ud800-\udfff]/g, '\ufffd');
}

function judge(s: string): UnstorableString['code'] | undefined {
  if (s.includes('\u0000')) return 'control_character';
  if (hasLoneSurrogate(s)) return 'lone_surrogate';
  return undefined;
}

/**
 * A string (value or object key) anywhere in a parsed body, query or params that no field can
 * take: one holding NUL or a lone surrogate. The ZodPipe refuses such input before its schema
 * runs, so a field a schema forgot to guard (a record key, a password, a key the schema strips)
 * cannot carry one to PostgreSQL. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableString(input: unknown): UnstorableString | undefined {
  const pending: Visit[] = [{ value: input }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string') {
      const code = judge(value);
      if (code) return { path: pathOf(visit), code };
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, key: String(i), parent: visit }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const code = judge(key);
        // The key is named with what cannot be echoed replaced, as a reader would see it.
        if (code) return { path: [...pathOf(visit), echoable(key)], code };
        pending.push({ value: item, key, parent: visit });
      }
    }
  }
  return undefined;
}
