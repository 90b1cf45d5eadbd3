/**
 * `config.phases`: how virtual users arrive. Artillery's phase kinds (arrival
 * rate, ramp, arrival count, pause) and loadspec's users held for a duration
 * (`users`, `spawnRate`; compiled in src/config/closed-phases.ts) share one section here; which keys may be
 * combined is checked in src/config/checks.ts so each mistake gets its own sentence.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Choice, Duration, Section } from './common.ts';

const Rate = (description: string) =>
  Type.Number({ minimum: 0, description, 'x-expect': 'a number of virtual users per second (0 or more)' });

export const Phase = Section(
  {
    name: Type.Optional(Type.String({ description: 'Phase name shown in reports, e.g. "ramp up". Default: none.' })),
    duration: Type.Optional(Duration('How long the phase creates virtual users: seconds, or "30s", "5m", "1h". Required unless `pause` is set.', { wholeSeconds: true })),
    arrivalRate: Type.Optional(Rate('New virtual users per second (at the start of a ramp). `arrivalRate: 0` without `rampTo` is a pause of `duration`. Default: none.')),
    rampTo: Type.Optional(Rate('Arrival rate (users/s) reached at the end of the phase, ramping linearly from `arrivalRate`, which must be set too (`arrivalRate: 0` ramps up from no users).')),
    arrivalCount: Type.Optional(Type.Integer({ minimum: 1, description: 'Total virtual users spread evenly over `duration` (instead of `arrivalRate`). Default: none.', 'x-expect': 'a whole number of 1 or more' })),
    maxVusers: Type.Optional(Type.Integer({ minimum: 1, description: 'Cap on virtual users active at once during this phase. Default: no cap.', 'x-expect': 'a whole number of 1 or more' })),
    pause: Type.Optional(Duration('A phase that creates no users for this long: seconds, or "30s", "5m". Default: none.', { wholeSeconds: true })),
    users: Type.Optional(Type.Integer({ minimum: 1, description: 'Users to keep active at once for `duration` (with `spawnRate`): a user whose session ends is replaced by a new one, with a new user ID. Default: none.', 'x-expect': 'a whole number of 1 or more' })),
    spawnRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'New users per second until `users` are active (with `users`), e.g. 10; "users: 200" with "spawnRate: 200" starts them at once. Default: none.', 'x-expect': 'a number of users per second above 0' })),
    mode: Type.Optional(Choice(['uniform', 'poisson'], 'How arrivals are spaced within each second: "uniform" (default) or "poisson".')),
  },
  'One load phase: `duration` with `arrivalRate` (optionally `rampTo`) or `arrivalCount`; `duration` with `users` and `spawnRate` (users held active); or a `pause`.',
);

export const Phases = Type.Array(Phase, {
  minItems: 1,
  description: 'Load phases, run one after the other. Default: none (a run needs at least one).',
});

export type PhaseConfig = Static<typeof Phase>;
