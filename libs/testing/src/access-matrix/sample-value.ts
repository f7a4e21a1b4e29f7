import { chinaCalendarDate } from '@wushe/cn-standards';
import { mobile, residentId } from '../factories';
import type { JsonSchema } from './openapi-routes';

/**
 * A field's value chosen by the caller (a record's id, its village code), or undefined to let the
 * schema decide. Named by the property's name, since that is all a body schema says of meaning.
 */
export type Hint = (name: string, schema: JsonSchema) => unknown;

const today = () => chinaCalendarDate(new Date());

/** Defaults for the fields whose format a schema pattern cannot produce by itself. */
const defaultHint: Hint = (name) => {
  if (/residentId$/i.test(name)) return residentId();
  if (/(phone|mobile)$/i.test(name)) return mobile();
  if (name === 'version') return 1;
  return undefined;
};

/**
 * A value that satisfies `schema` as far as a JSON schema can say: required properties only, the
 * first enum member or union branch, dates of today. Good enough to get a request past validation
 * for most routes; where it is not, the matrix counts the answer as "validated first".
 */
export function sampleValue(schema: JsonSchema, hint: Hint = () => undefined, name = ''): unknown {
  const hinted = name ? (hint(name, schema) ?? defaultHint(name, schema)) : undefined;
  if (hinted !== undefined) return hinted;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) {
    const branch =
      branches.find((b) => b.type !== 'null' && !b.enum?.every((v) => v === null)) ?? branches[0];
    return sampleValue(branch, hint, name);
  }
  if (schema.allOf?.length) return sampleValue(Object.assign({}, ...schema.allOf), hint, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        if (property) out[key] = sampleValue(property, hint, key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () =>
        sampleValue(schema.items ?? {}, hint, singular(name)),
      );
    case 'integer':
    case 'number': {
      const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : schema.minimum;
      return Math.max(min ?? 1, Math.min(schema.maximum ?? 1, 1));
    }
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema);
    default:
      return undefined;
  }
}

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.format === 'date') return today();
  if (schema.format === 'date-time') return new Date(Date.now() - 3600_000).toISOString();
  if (schema.pattern) {
    // A pattern is tried against the shapes our schemas use: a month, a day, a run of digits.
    const pattern = new RegExp(schema.pattern);
    const candidates = [today().slice(0, 7), today(), ...[12, 9, 6, 4, 2].map((n) => '4'.repeat(n))];
    const fit = candidates.find((c) => pattern.test(c));
    if (fit) return fit;
  }
  const text = '测试';
  const min = schema.minLength ?? 1;
  return text
    .repeat(Math.ceil(min / text.length))
    .slice(0, Math.max(min, Math.min(schema.maxLength ?? 8, 8)));
}

/** `recipientIds` → `recipientId`, so a hint for the singular also fills the array's items. */
function singular(name: string): string {
  return name.endsWith('Ids') ? name.slice(0, -1) : name;
}
