/**
 * The whole scenario file, and the smaller shape of a file pulled in by `include:`.
 * These are the single source of the TypeScript types and of
 * schema/loadspec.schema.json (see scripts/generate-schema.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Section } from './common.ts';
import { Config, Variables } from './config.ts';
import { Runner } from './runner.ts';
import { BeforeAfter, Scenarios } from './scenario.ts';
import { Request, Step } from './steps.ts';

const definitions = { Step, Request };

export const ScenarioFile = Section(
  {
    config: Type.Optional(Config),
    scenarios: Type.Optional(Scenarios),
    before: Type.Optional(BeforeAfter),
    after: Type.Optional(BeforeAfter),
    include: Type.Optional(Type.Array(Type.String({ minLength: 1, description: 'Path relative to this file.' }), {
      description: 'Files whose `scenarios` (and `config.variables`) are added to this one. Default: none.',
    })),
    loadspec: Type.Optional(Runner),
    version: Type.Optional(Type.Unsafe<string | number>({ type: ['string', 'number'], description: 'Ignored by Artillery and loadspec (a label some scripts carry). Default: none.', 'x-expect': 'a number or text' })),
  },
  'A loadspec scenario file: Artillery test script plus loadspec settings.',
  { $schema: 'http://json-schema.org/draft-07/schema#', title: 'loadspec scenario', definitions },
);

export const IncludedFile = Section(
  {
    config: Type.Optional(Section({ variables: Type.Optional(Variables) }, 'Only `variables` may be shared by an included file.')),
    scenarios: Scenarios,
  },
  'A file of shared scenarios, pulled in by `include:`.',
  { definitions },
);

/** A scenario file as written (one file, before includes are merged). */
export type ScenarioFileContent = Static<typeof ScenarioFile>;
/** An included file as written. */
export type IncludedFileContent = Static<typeof IncludedFile>;
/** A scenario file after includes are merged: what the runner turns into an Artillery script. */
export type ScenarioScript = Omit<ScenarioFileContent, 'include' | 'scenarios'> & {
  scenarios: NonNullable<ScenarioFileContent['scenarios']>;
};
