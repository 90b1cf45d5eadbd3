/**
 * The TypeBox schemas as plain JSON Schema (draft-07): what ajv validates against
 * and what scripts/generate-schema.ts writes for editors. TypeBox's recursive step
 * refers to itself by `$id`; editors resolve `#/definitions/...` more reliably, so
 * the reference is rewritten here.
 */
import { IncludedFile, ScenarioFile } from './schema/script.ts';

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) out[key] = `#/definitions/${child}`;
    else if (key === '$id' && typeof child === 'string' && !child.includes('/')) continue;
    else out[key] = rewriteRefs(child);
  }
  return out;
}

/** JSON Schema of a scenario file (the file `schema/loadspec.schema.json` holds). */
export function scenarioFileJsonSchema(): Record<string, unknown> {
  return rewriteRefs(JSON.parse(JSON.stringify(ScenarioFile))) as Record<string, unknown>;
}

/** JSON Schema of a file pulled in by `include:`. */
export function includedFileJsonSchema(): Record<string, unknown> {
  return rewriteRefs(JSON.parse(JSON.stringify(IncludedFile))) as Record<string, unknown>;
}
