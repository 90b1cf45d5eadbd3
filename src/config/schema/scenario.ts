/** `scenarios`, `before` and `after`: what each virtual user does. */
import { Type, type Static } from '@sinclair/typebox';
import { FunctionNames, PositiveInteger, Section, WEIGHT_HINT } from './common.ts';
import { Flow } from './steps.ts';

export const Scenario = Section(
  {
    name: Type.Optional(Type.String({ description: 'Scenario name shown in reports. Default: none.' })),
    weight: Type.Optional(PositiveInteger('How often new users run this scenario relative to the others (whole number > 0). Default: 1.', WEIGHT_HINT)),
    engine: Type.Optional(Type.Literal('http', { description: 'Engine that runs the flow: "http" keeps this scenario on Artillery\'s own HTTP engine even when `loadspec.engine` is "undici". Default: the engine `loadspec.engine` chooses.', 'x-expect': '"http"' })),
    flow: Flow,
    beforeScenario: Type.Optional(FunctionNames('Processor function(s) run when a user starts this scenario. Default: none.')),
    afterScenario: Type.Optional(FunctionNames('Processor function(s) run when a user finishes this scenario. Default: none.')),
    beforeRequest: Type.Optional(FunctionNames('Processor function(s) run before every request of this scenario. Default: none.')),
    afterResponse: Type.Optional(FunctionNames('Processor function(s) run after every response of this scenario. Default: none.')),
    onError: Type.Optional(FunctionNames('Processor function(s) run when a request of this scenario fails. Default: none.')),
  },
  'What one kind of virtual user does, step by step.',
);

export const Scenarios = Type.Array(Scenario, {
  minItems: 1,
  description: 'Scenarios; each new virtual user runs one, chosen by weight.',
});

export const BeforeAfter = Section(
  { flow: Flow },
  'Steps run once, before or after all virtual users (e.g. to log in and capture a token).',
);

export type ScenarioConfig = Static<typeof Scenario>;
