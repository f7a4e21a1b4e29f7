// The routes of a service as its OpenAPI document states them: the access matrix and the
// bad-input pass take every route from here, so a new endpoint is probed without anyone listing it.

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  'x-roles'?: string[];
  'x-public'?: boolean;
}

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path template as the document writes it, e.g. `/api/v1/cases/recipients/{id}`. */
  template: string;
  /** `GET /api/v1/cases/recipients/{id}`: how reports name the route. */
  key: string;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  /** The JSON body schema, when the route takes JSON. */
  body?: JsonSchema;
  /** Another body media type the route takes instead (a CSV upload), when it takes no JSON. */
  otherMediaType?: string;
  /** Roles the route's guard admits (x-roles); undefined means any authenticated caller. */
  roles?: string[];
  isPublic: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function routesOf(document: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = operations[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      routes.push({
        method,
        template,
        key: `${method.toUpperCase()} ${template}`,
        pathParams: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        body: json ? resolve(document, json) : undefined,
        otherMediaType: json ? undefined : Object.keys(content)[0],
        roles: op['x-roles'],
        isPublic: op['x-public'] === true,
      });
    }
  }
  return routes;
}

/** Inlines `$ref`s to components, so samples and probes see whole schemas. */
export function resolve(document: OpenApiDocument, schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    return resolve(document, document.components?.schemas?.[name] ?? {}, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolve(document, v, depth + 1)]),
    );
  if (schema.items) out.items = resolve(document, schema.items, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    if (schema[key]) out[key] = schema[key]?.map((s) => resolve(document, s, depth + 1));
  return out;
}
