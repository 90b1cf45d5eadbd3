/**
 * Values an OpenAPI schema gives for a parameter or a body: its examples, enum, default and
 * range first; a placeholder of the right type only where the spec gives nothing, and then
 * the caller says so in a comment.
 */
export type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/schemas/Product`), at most a few deep. */
export function resolveRef(spec: Json, value: unknown, depth = 0): Json {
  if (!isRecord(value)) return {};
  const ref = value['$ref'];
  if (typeof ref !== 'string' || depth > 20) return value;
  if (!ref.startsWith('#/')) return {};
  let at: unknown = spec;
  for (const part of ref.slice(2).split('/')) at = isRecord(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return resolveRef(spec, at, depth + 1);
}

/** The schema itself, or the first branch of allOf / oneOf / anyOf that says something. */
function effective(spec: Json, schema: unknown): Json {
  const resolved = resolveRef(spec, schema);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const branches = resolved[key];
    if (!Array.isArray(branches)) continue;
    if (key === 'allOf') {
      const merged: Json = { ...resolved };
      const properties: Json = {};
      const required: unknown[] = [];
      for (const branch of branches) {
        const b = effective(spec, branch);
        Object.assign(merged, b);
        if (isRecord(b['properties'])) Object.assign(properties, b['properties']);
        if (Array.isArray(b['required'])) required.push(...b['required']);
      }
      if (Object.keys(properties).length > 0) merged['properties'] = properties;
      if (required.length > 0) merged['required'] = required;
      delete merged['allOf'];
      return merged;
    }
    // FastAPI writes an optional value as anyOf [T, null]: take the first branch that is not null.
    const first = branches.map((b) => effective(spec, b)).find((b) => b['type'] !== 'null');
    if (first !== undefined) return { ...first, ...Object.fromEntries(Object.entries(resolved).filter(([k]) => k !== key)) };
  }
  return resolved;
}

const typeOf = (schema: Json): string | undefined => {
  const type = schema['type'];
  return Array.isArray(type) ? type.find((t): t is string => typeof t === 'string' && t !== 'null') : typeof type === 'string' ? type : undefined;
};

/** Up to five whole numbers spread over [min, max]. */
function spread(min: number, max: number): number[] {
  if (max - min < 5) return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const step = (max - min) / 4;
  return [...new Set([0, 1, 2, 3, 4].map((i) => Math.round(min + i * step)))];
}

export interface Values {
  values: unknown[];
  /** Where they came from: "examples", "enum", "range 1-5", or "placeholder". */
  from: string;
}

/** The values the spec gives for a parameter (its own example(s) first, then its schema's). */
export function valuesOf(spec: Json, parameter: Json): Values {
  if (parameter['example'] !== undefined) return { values: [parameter['example']], from: 'the example' };
  if (isRecord(parameter['examples'])) {
    const values = Object.values(parameter['examples']).map((e) => resolveRef(spec, e)['value']).filter((v) => v !== undefined);
    if (values.length > 0) return { values, from: 'the examples' };
  }
  return valuesOfSchema(spec, parameter['schema']);
}

export function valuesOfSchema(spec: Json, raw: unknown): Values {
  const schema = effective(spec, raw);
  const found: unknown[] = [];
  if (Array.isArray(schema['examples'])) found.push(...schema['examples']);
  if (schema['example'] !== undefined) found.push(schema['example']);
  if (Array.isArray(schema['enum'])) return { values: schema['enum'].slice(0, 5), from: 'the enum' };
  const type = typeOf(schema);
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : undefined;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : typeof schema['exclusiveMaximum'] === 'number' ? schema['exclusiveMaximum'] - 1 : undefined;
  if (found.length === 0 && (type === 'integer' || type === 'number') && min !== undefined && max !== undefined && max >= min) {
    return { values: spread(Math.ceil(min), Math.floor(max)), from: `the range ${min}-${max}` };
  }
  if (found.length > 0) return { values: [...new Set(found)], from: 'the example' };
  if (schema['default'] !== undefined) return { values: [schema['default']], from: 'the default' };
  if (schema['const'] !== undefined) return { values: [schema['const']], from: 'the spec' };
  return { values: placeholder(schema, min), from: 'placeholder' };
}

function placeholder(schema: Json, min: number | undefined): unknown[] {
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    const start = Math.max(1, Math.ceil(min ?? 1));
    return [start, start + 1, start + 2];
  }
  if (type === 'boolean') return [true];
  const format = schema['format'];
  if (format === 'uuid') return ['00000000-0000-0000-0000-000000000001'];
  if (format === 'email') return ['loadtest@example.com'];
  if (format === 'date') return ['2026-01-01'];
  if (format === 'date-time') return ['2026-01-01T00:00:00Z'];
  return ['example'];
}

/**
 * A body from a schema: every required field, and every other field the spec gives an
 * example for. `fill` may replace a field (a password becomes an environment reference).
 */
export function exampleOf(spec: Json, raw: unknown, fill: (name: string, schema: Json) => unknown = () => undefined, depth = 0): unknown {
  const schema = effective(spec, raw);
  if (schema['example'] !== undefined) return schema['example'];
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  const type = typeOf(schema) ?? (isRecord(schema['properties']) ? 'object' : undefined);
  if (type === 'object' && depth < 8) {
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    const required = Array.isArray(schema['required']) ? schema['required'].filter((r): r is string => typeof r === 'string') : [];
    const body: Json = {};
    for (const [name, property] of Object.entries(properties)) {
      const resolved = effective(spec, property);
      if (!required.includes(name) && resolved['example'] === undefined && !Array.isArray(resolved['examples'])) continue;
      body[name] = fill(name, resolved) ?? exampleOf(spec, resolved, fill, depth + 1);
    }
    return body;
  }
  if (type === 'array') {
    const count = typeof schema['minItems'] === 'number' && schema['minItems'] > 0 ? schema['minItems'] : 1;
    return Array.from({ length: count }, () => exampleOf(spec, schema['items'], fill, depth + 1));
  }
  return valuesOfSchema(spec, schema).values[0];
}

/** The effective schema, for callers that look at properties (login detection). */
export const schemaOf = effective;
