import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

// The OpenAPI document is generated from the same zod schemas that validate requests, so the
// document cannot promise what the validation refuses.
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  delete (out as { $schema?: unknown }).$schema;
  return out;
}

export function ApiZodBody(schema: z.ZodType) {
  return ApiBody({ schema: jsonSchema(schema) as never });
}

export function ApiZodQuery(schema: z.ZodType) {
  const described = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return applyDecorators(
    ...Object.entries(described.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: described.required?.includes(name) ?? false, schema: property as never }),
    ),
  );
}
