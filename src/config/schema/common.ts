/**
 * Building blocks shared by the schema sections. Every schema carries a one-line
 * `description` (unit and default included) because editors show it on hover and
 * error messages quote it.
 *
 * Annotations read by the error explainer (src/config/explain.ts):
 * - `x-expect`: how to write a valid value, used in place of ajv's wording.
 * - `x-duration`: "positive" | "non-negative", checked by a custom ajv keyword.
 * - `x-step-union`: the union of flow steps, explained by the step's key.
 * - `x-fraction-hint`: advice added when a fraction is given where a whole number belongs.
 */
import { Type, type TProperties, type TSchema, type ObjectOptions } from '@sinclair/typebox';
import { DURATION_HINT, DURATION_PATTERN } from '../../core/durations.ts';

/** A section whose keys we know: an unknown key is an error (with a "did you mean"). */
export function Section<T extends TProperties>(properties: T, description: string, options: ObjectOptions = {}) {
  return Type.Object(properties, { ...options, description, additionalProperties: false });
}

/** A duration that must be more than zero: seconds as a number, or "500ms", "30s", "5m", "1h". */
export function Duration(description: string, options: { wholeSeconds?: boolean; allowZero?: boolean } = {}) {
  return Type.Unsafe<number | string>({
    type: [options.wholeSeconds === true ? 'integer' : 'number', 'string'],
    pattern: DURATION_PATTERN,
    ...(options.allowZero === true ? { minimum: 0 } : { exclusiveMinimum: 0 }),
    'x-duration': options.allowZero === true ? 'non-negative' : 'positive',
    'x-expect': options.wholeSeconds === true ? DURATION_HINT.replace('a number (30)', 'a whole number (30)') : DURATION_HINT,
    description,
  });
}

/** Seconds as a plain number, where Artillery multiplies the value by 1000 and so cannot read "10s". */
export function Seconds(description: string) {
  return Type.Number({ exclusiveMinimum: 0, description, 'x-expect': 'a number of seconds above 0, e.g. 10 (Artillery does not read units such as "10s" here)' });
}

/** A `{{ expression }}` template rendered by Artillery for each virtual user. */
export const TEMPLATE_PATTERN = '^\\s*\\{\\{.+\\}\\}\\s*$';

/** A whole number above zero. */
export function PositiveInteger(description: string, hint?: string) {
  return Type.Integer({ minimum: 1, description, 'x-expect': 'a whole number of 1 or more', ...(hint === undefined ? {} : { 'x-fraction-hint': hint }) });
}

/** A whole number of zero or more. */
export function Count(description: string) {
  return Type.Integer({ minimum: 0, description, 'x-expect': 'a whole number of 0 or more' });
}

/** A percentage from 0 (or just above, with `aboveZero`) to 100, written as a plain number. */
export function Percent(description: string, options: { aboveZero?: boolean } = {}) {
  const low = options.aboveZero === true ? { exclusiveMinimum: 0 } : { minimum: 0 };
  const words = options.aboveZero === true ? 'above 0 and up to 100' : 'from 0 to 100';
  return Type.Number({ ...low, maximum: 100, description, 'x-expect': `a percentage ${words}, written as a number such as 10` });
}

/** One processor function name or a list of them. */
export function FunctionNames(description: string) {
  return Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))], {
    description,
    'x-expect': 'a function name from the processor file, or a list of them',
  });
}

/** Free-form values (request bodies, variables): anything YAML can hold. */
export function AnyValue(description: string): TSchema {
  return Type.Unknown({ description });
}

/** A map from names to text values, e.g. headers or cookies. */
export function StringMap(description: string) {
  const value = Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'], 'x-expect': 'text' });
  return Type.Record(Type.String(), value, {
    description,
    'x-expect': 'a section of name: value lines',
  });
}

/** One of a fixed set of words. */
export function Choice<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
}

/** Said when a weight is not a whole number: Artillery truncates weights, so 0.5 is never picked. */
export const WEIGHT_HINT = 'weights are relative, so write 1 and 2 rather than 0.5 and 1 (Artillery drops fractions: a weight of 0.5 is never picked)';
