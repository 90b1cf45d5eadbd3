/**
 * Keys of `config` that Artillery 2.0.34 reads and loadspec does not model: passed to
 * Artillery as written, after a light check of their shape (so a typo next to them
 * still gets a "did you mean", and a list where a section belongs is still caught).
 */
import { Type, type TProperties } from '@sinclair/typebox';

const Open = (description: string) =>
  Type.Record(Type.String(), Type.Unknown(), { description, 'x-expect': 'a section of key: value lines' });

export const ArtilleryConfigKeys = {
  apdex: Type.Optional(Type.Object(
    { threshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Satisfied below this many milliseconds, tolerated below four times it. Default: 500.', 'x-expect': 'a number of milliseconds above 0, e.g. 100' })) },
    { description: "Artillery's apdex score (same as `plugins.apdex`), printed in Artillery's own report. Default: off.", 'x-expect': 'a section such as { threshold: 100 }' },
  )),
  bundling: Type.Optional(Type.Object(
    { external: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'npm packages left out of the TypeScript processor bundle.' })) },
    { description: 'How Artillery bundles a TypeScript processor (esbuild). Default: everything bundled.', 'x-expect': 'a section such as { external: ["@faker-js/faker"] }' },
  )),
  pluginsScope: Type.Optional(Type.String({ minLength: 1, description: 'npm scope Artillery looks in for plugins first, e.g. "@my-org". Default: none.' })),
  mode: Type.Optional(Type.Unsafe<'uniform' | 'poisson'>({ type: 'string', enum: ['uniform', 'poisson'], description: 'How arrivals are spaced within a second (Artillery 1 key; Artillery 2 spaces them evenly). Default: "uniform".' })),
  engines: Type.Optional(Open('Settings of Artillery engines, by engine name. Default: none.')),
} satisfies TProperties;
