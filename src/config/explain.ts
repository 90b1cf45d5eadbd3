/**
 * Validates parsed YAML against the JSON Schema with ajv and turns ajv's errors
 * into one sentence per problem, worded for the person who wrote the YAML.
 *
 * ajv reports every failed branch of a union ("must have property get", "must
 * have property post", ... for one misspelt step). Instead of guessing from that
 * noise, a union is explained by choosing the branch the writer meant (the
 * step's key, or the only branch of the value's JSON type) and validating the
 * value against that branch alone.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDuration } from '../core/durations.ts';
import { includedFileJsonSchema, scenarioFileJsonSchema } from './json-schema.ts';
import { formatPath, fromPointer, valueAt, type PathSegment } from './path.ts';
import { STEP_NAMES } from './schema/steps.ts';
import { closest, didYouMean } from '../core/suggest.ts';
import { hideUserinfo } from '../core/target-url.ts';

/** One problem found in one file, before it is given a line and column. */
export interface Issue {
  path: PathSegment[];
  /** `value`: point at the value; `key`: at the key itself (unknown keys); `missing`: at the section lacking a key. */
  at: 'value' | 'key' | 'missing';
  message: string;
}

export type FileKind = 'scenario' | 'included';

type Schema = Record<string, unknown>;

const STEP_LIST = `Steps are ${STEP_NAMES.join(', ')}`;

let compiled: { ajv: Ajv; pointers: WeakMap<object, string>; definitions: Record<string, Schema> } | undefined;

function indexPointers(node: unknown, ref: string, pointers: WeakMap<object, string>): void {
  if (node === null || typeof node !== 'object') return;
  pointers.set(node, ref);
  for (const [key, child] of Object.entries(node)) {
    indexPointers(child, `${ref}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, pointers);
  }
}

function setup(): { ajv: Ajv; pointers: WeakMap<object, string>; definitions: Record<string, Schema> } {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  ajv.addVocabulary(['x-expect', 'x-step-union', 'x-fraction-hint']);
  ajv.addKeyword({
    keyword: 'x-duration',
    schemaType: 'string',
    // Templates are rendered at run time, and malformed text is the pattern's to report.
    validate: (kind: string, data: unknown) => {
      if (typeof data === 'string' && data.includes('{{')) return true;
      const seconds = parseDuration(data);
      if (seconds === undefined) return true;
      return kind === 'positive' ? seconds > 0 : seconds >= 0;
    },
  });
  const pointers = new WeakMap<object, string>();
  const schemas: Record<FileKind, Schema> = { scenario: scenarioFileJsonSchema(), included: includedFileJsonSchema() };
  for (const [key, schema] of Object.entries(schemas)) {
    ajv.addSchema(schema, key);
    indexPointers(schema, `${key}#`, pointers);
  }
  compiled = { ajv, pointers, definitions: schemas.scenario['definitions'] as Record<string, Schema> };
  return compiled;
}

/** Every problem in `data` as the given kind of file, explained. */
export function explainFile(kind: FileKind, data: unknown): Issue[] {
  return validateAgainst(kind, data, []);
}

function validateAgainst(ref: string, data: unknown, base: PathSegment[]): Issue[] {
  const validate: ValidateFunction | undefined = setup().ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`loadspec: no schema ${ref}`);
  if (validate(data)) return [];
  return explainErrors(validate.errors ?? [], data, base);
}

const isPrefix = (prefix: readonly PathSegment[], path: readonly PathSegment[]) =>
  prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);

function explainErrors(errors: ErrorObject[], data: unknown, base: PathSegment[]): Issue[] {
  const items = errors.map((error) => ({ error, path: fromPointer(error.instancePath, data) }));
  const isUnion = (error: ErrorObject) => error.keyword === 'anyOf' || error.keyword === 'oneOf';
  const unions = items.filter((item) => isUnion(item.error));
  const outer = unions.filter((u) => !unions.some((o) => o.path.length < u.path.length && isPrefix(o.path, u.path)));
  const issues: Issue[] = [];
  for (const item of items) {
    if (isUnion(item.error) || outer.some((u) => isPrefix(u.path, item.path))) continue;
    const issue = describe(item.error, [...base, ...item.path], valueAt(data, item.path));
    if (issue !== undefined) issues.push(issue);
  }
  const seen = new Set<string>();
  for (const union of outer) {
    const where = formatPath(union.path);
    if (seen.has(where)) continue;
    seen.add(where);
    issues.push(...explainUnion(union.error.parentSchema as Schema, valueAt(data, union.path), [...base, ...union.path]));
  }
  return dedupe(issues);
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.at}|${formatPath(issue.path)}|${issue.at === 'missing' ? issue.message : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The schema a `#/definitions/...` reference points at (all definitions are top-level). */
function deref(schema: Schema | undefined): Schema | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string') return schema;
  return setup().definitions[ref.replace('#/definitions/', '')];
}

function refOf(schema: Schema): string | undefined {
  return setup().pointers.get(schema);
}

function explainUnion(schema: Schema, value: unknown, path: PathSegment[]): Issue[] {
  if (schema['x-step-union'] === true) return explainStep(schema, value, path);
  const branches = (Array.isArray(schema['anyOf']) ? schema['anyOf'] : schema['oneOf']) as Schema[];
  const fitting = branches.filter((branch) => acceptsType(branch, value));
  const only = fitting.length === 1 ? fitting[0] : undefined;
  const ref = only === undefined ? undefined : refOf(only);
  if (ref !== undefined) {
    const issues = validateAgainst(ref, value, path);
    // A bare-value branch (e.g. the text form of a criterion) speaks best in the union's words.
    const expect = schema['x-expect'];
    if (typeof expect === 'string' && issues.every((i) => i.at === 'value' && i.path.length === path.length)) {
      return issues.length === 0 ? [] : [valueIssue(path, value, expect)];
    }
    return issues;
  }
  const expect = typeof schema['x-expect'] === 'string' ? schema['x-expect'] : branches.map(expectOf).join(', or ');
  return [valueIssue(path, value, expect)];
}

function explainStep(schema: Schema, value: unknown, path: PathSegment[]): Issue[] {
  const where = label(path);
  if (!isPlainObject(value)) {
    return [{ path, at: 'value', message: `${where} must be a step such as "- get: { url: /health }" (got ${show(value)}). ${STEP_LIST}` }];
  }
  const keys = Object.keys(value);
  const steps = keys.filter((key) => (STEP_NAMES as readonly string[]).includes(key));
  if (steps.length === 0) {
    const key = keys.find((k) => closest(k, STEP_NAMES) !== undefined) ?? keys[0];
    if (key === undefined) return [{ path, at: 'value', message: `${where} is an empty step. ${STEP_LIST}` }];
    return [{ path: [...path, key], at: 'key', message: `${where}: unknown step "${key}"${didYouMean(key, STEP_NAMES)} ${STEP_LIST}` }];
  }
  if (steps.length > 1) {
    return [{
      path: [...path, steps[1] as string],
      at: 'key',
      message: `${where} holds two steps, "${steps[0]}" and "${steps[1]}", in one list item; start each step on its own "- " line`,
    }];
  }
  const branches = schema['anyOf'] as Schema[];
  const branch = branches.find((b) => Array.isArray(b['required']) && b['required'][0] === steps[0]);
  const ref = branch === undefined ? undefined : refOf(branch);
  if (ref === undefined) throw new Error(`loadspec: no schema for step ${steps[0]}`);
  return validateAgainst(ref, value, path);
}

function describe(error: ErrorObject, path: PathSegment[], value: unknown): Issue | undefined {
  const schema = (error.parentSchema ?? {}) as Schema;
  const params = error.params as Record<string, unknown>;
  const where = label(path);
  if (error.keyword === 'propertyNames') return undefined;
  if (error.propertyName !== undefined) {
    const expect = typeof schema['x-expect'] === 'string' ? schema['x-expect'] : `text matching ${String(schema['pattern'])}`;
    return { path: [...path, error.propertyName], at: 'key', message: `"${error.propertyName}" in ${where} must be ${expect}` };
  }
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(schema, path, String(params['additionalProperty']));
    case 'required': {
      const missing = String(params['missingProperty']);
      const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
      const about = firstSentence(properties[missing]?.['description']);
      return { path, at: 'missing', message: `${where} is missing "${missing}"${about === '' ? '' : ` (${about})`}` };
    }
    case 'type':
      if (value === null && schema['type'] === 'object' && typeof schema['x-expect'] !== 'string' && !Array.isArray(schema['required'])) {
        return { path, at: 'value', message: `${where} is empty; write "{}" after the colon to use the defaults, or put its settings on indented lines below` };
      }
      return valueIssue(path, value, expectOf(schema), hintOf(schema, value));
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (params['allowedValues'] as unknown[]) : [params['allowedValue']]).map(String);
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : '';
      return { path, at: 'value', message: `${where} must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')} (got ${show(value)})${suggestion}` };
    }
    case 'minItems':
      if (Array.isArray(value) && value.length === 0) {
        return { path, at: 'value', message: `${where} is an empty list; add at least one ${itemWord(path)}` };
      }
      return { path, at: 'value', message: `${where} needs at least ${String(params['limit'])} items` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
    case 'x-duration':
      return rangeIssue(error.keyword, schema, path, value, params['limit']);
    case 'minLength':
      if (value === '') return { path, at: 'value', message: `${where} is empty; write ${expectOf(schema)}` };
      return valueIssue(path, value, expectOf(schema));
    default:
      return valueIssue(path, value, typeof schema['x-expect'] === 'string' ? schema['x-expect'] : `valid (${error.message ?? error.keyword})`);
  }
}

function unknownKey(schema: Schema, path: PathSegment[], key: string): Issue {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const known = Object.keys(properties);
  const where = path.length === 0 ? 'at the top level' : `in ${label(path)}`;
  let advice = didYouMean(key, known);
  if (advice === '') {
    const home = known.find((name) => {
      const inner = deref(properties[name])?.['properties'];
      return isPlainObject(inner) && key in inner;
    });
    if (home !== undefined) advice = `; it belongs inside "${home}:" (indent it under ${home})`;
  }
  if (advice === '') advice = known.length === 0 ? '; this section takes no keys' : `; keys here are ${known.join(', ')}`;
  return { path: [...path, key], at: 'key', message: `unknown key "${key}" ${where}${advice}` };
}

function rangeIssue(keyword: string, schema: Schema, path: PathSegment[], value: unknown, limit: unknown): Issue {
  const where = label(path);
  const duration = schema['x-duration'];
  if (duration === 'positive') return { path, at: 'value', message: `${where} must be more than zero (got ${show(value)}); write e.g. 30, "30s" or "5m"` };
  if (duration === 'non-negative') return { path, at: 'value', message: `${where} must not be negative (got ${show(value)})` };
  if (typeof schema['x-expect'] === 'string') return valueIssue(path, value, schema['x-expect'], hintOf(schema, value));
  const words: Record<string, string> = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' };
  return { path, at: 'value', message: `${where} must be ${words[keyword] ?? keyword} ${String(limit)} (got ${show(value)})` };
}

function valueIssue(path: PathSegment[], value: unknown, expect: string, hint = ''): Issue {
  const where = label(path);
  const tail = hint === '' ? '' : `; ${hint}`;
  if (value === null) return { path, at: 'value', message: `${where} is empty; write ${expect}${tail}` };
  return { path, at: 'value', message: `${where} must be ${expect} (got ${show(value)})${tail}` };
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list (lines starting with "- ")',
  object: 'a section of key: value lines',
  null: 'nothing',
};

function expectOf(schema: Schema): string {
  if (typeof schema['x-expect'] === 'string') return schema['x-expect'];
  if (Array.isArray(schema['enum'])) return schema['enum'].map((v) => JSON.stringify(v)).join(' or ');
  if ('const' in schema) return JSON.stringify(schema['const']);
  const type = schema['type'];
  const types = Array.isArray(type) ? type : typeof type === 'string' ? [type] : [];
  if (types.length === 0) return 'a valid value';
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}

/** Extra advice for a fraction where a whole number belongs (e.g. weights). */
function hintOf(schema: Schema, value: unknown): string {
  const hint = schema['x-fraction-hint'];
  return typeof hint === 'string' && typeof value === 'number' && !Number.isInteger(value) ? hint : '';
}

function acceptsType(schema: Schema, value: unknown): boolean {
  const type = schema['type'];
  if (type === undefined) return true;
  const types = Array.isArray(type) ? (type as string[]) : [String(type)];
  return types.some((t) => {
    if (t === 'integer' || t === 'number') return typeof value === 'number';
    if (t === 'array') return Array.isArray(value);
    if (t === 'object') return isPlainObject(value);
    if (t === 'null') return value === null;
    return typeof value === t;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function label(path: PathSegment[]): string {
  return path.length === 0 ? 'the file' : formatPath(path);
}

function itemWord(path: PathSegment[]): string {
  const last = path[path.length - 1];
  const words: Record<string, string> = {
    flow: `step (${STEP_NAMES.join(', ')})`,
    loop: 'step',
    phases: 'phase (e.g. "- duration: 60" with "arrivalRate: 5")',
    scenarios: 'scenario',
    criteria: 'criterion (e.g. "p95 < 500ms")',
    pick: 'branch ("- weight: 1" with a "flow:")',
  };
  return (typeof last === 'string' ? words[last] : undefined) ?? 'item';
}

function firstSentence(text: unknown): string {
  if (typeof text !== 'string') return '';
  const sentence = text.replace(/\s*Required\.?\s*$/, '').split(/(?<=[\w)"]\.)\s+(?=[A-Z])/)[0] ?? '';
  return sentence.replace(/\.$/, '');
}

/** A value as it appears in a message: text quoted, long text shortened. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') {
    // A target written as user:password@host (without http://) is refused here: never echo the password.
    const shown = hideUserinfo(value);
    return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 57)}...` : shown);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a section';
  return String(value);
}
