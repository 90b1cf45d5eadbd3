/** The top-level `loadspec:` section: settings for the runner, never seen by Artillery. */
import { Type, type Static } from '@sinclair/typebox';
import { Duration, PositiveInteger, Section } from './common.ts';
import { Monitor } from './monitor.ts';

import { RUNNER_DEFAULTS } from '../../core/defaults.ts';

export const Runner = Section(
  {
    description: Type.Optional(Type.String({ description: 'What this scenario is for, shown in reports. Default: none.' })),
    duration: Type.Optional(Duration('Hard cap of the run, counted from the start of the load (Artillery start-up not included): the runner stops it this long after the first phase began ("10m", "1h"). Default: the sum of the phase durations.')),
    health: Type.Optional(Section(
      {
        path: Type.Optional(Type.String({ pattern: '^/', description: `Path on the target checked before the run. Default: "${RUNNER_DEFAULTS.health.path}".`, 'x-expect': 'a path starting with "/", e.g. "/health"' })),
        timeout: Type.Optional(Duration(`Time each health check may take. Default: "${RUNNER_DEFAULTS.health.timeout}".`)),
        retries: Type.Optional(PositiveInteger(`Health checks tried before the run is called off. Default: ${RUNNER_DEFAULTS.health.retries}.`)),
      },
      'Health check of the target before the run starts.',
    )),
    monitor: Type.Optional(Monitor),
    engine: Type.Optional(Type.Union([Type.Literal('undici'), Type.Literal('artillery')], {
      description: 'HTTP engine for the scenarios: "undici" (loadspec\'s engine, several times less CPU per request) or "artillery" (Artillery\'s own, on got). A scenario with `engine: http`, or one the undici engine cannot run yet (multipart formData, TLS options besides rejectUnauthorized, a proxy), runs on Artillery\'s; `plan` says which and why. Default: "undici".',
      'x-expect': '"undici" or "artillery"',
    })),
  },
  'Runner settings (loadspec only; not passed to Artillery).',
);

export type RunnerConfig = Static<typeof Runner>;
