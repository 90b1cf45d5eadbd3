/** Knobs of the demo target. Every field has a default (see DEFAULT_OPTIONS). */
export interface DemoTargetOptions {
  /** TCP port; 0 picks a free one. Default 0 (the CLI defaults to 8000). */
  port: number;
  /** Loopback address to bind: 127.0.0.1, ::1 or localhost. Default 127.0.0.1. */
  host: string;
  /** Value every /api request must send in X-API-Key; null = no key required. Default null. */
  apiKey: string | null;
  /** Multiplies every modelled latency (DB and processing); 0 answers at once. Default 1. */
  latencyScale: number;
  /** Share 0..1 of /api requests answered 500 or 503. Default 0. */
  errorRate: number;
  /** Share 0..1 of /api requests answered 200 with a body missing the fields clients rely on. Default 0. */
  badBodyRate: number;
  /** Extra ms added to each /api request per minute of uptime, to mimic a leak in endurance tests. Default 0. */
  degradationMsPerMin: number;
  /** Stop answering (close the listener, destroy sockets) when request N+1 arrives; null = never. Default null. */
  crashAfter: number | null;
  /** DB connections; requests beyond it wait in a FIFO queue. Default 13. */
  poolSize: number;
  /** A request waiting longer than this for a DB connection gets 503; ms. Default 10000. */
  poolTimeoutMs: number;
  /** Lifetime of a cached read, seconds. Default 60. */
  cacheTtlS: number;
  /** Seed for latency jitter and fault injection; null = a fresh seed per start. Default null. */
  seed: number | null;
}

export const DEFAULT_OPTIONS: DemoTargetOptions = {
  port: 0,
  host: '127.0.0.1',
  apiKey: null,
  latencyScale: 1,
  errorRate: 0,
  badBodyRate: 0,
  degradationMsPerMin: 0,
  crashAfter: null,
  poolSize: 13,
  poolTimeoutMs: 10_000,
  cacheTtlS: 60,
  seed: null,
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** One bad knob: the field and what is wrong, worded to follow its name ("port must be ..."). */
export interface OptionProblem {
  field: keyof DemoTargetOptions;
  problem: string;
}

/** Outcome of checking options: the full set, or what is wrong with them. */
export type OptionsCheck =
  | { ok: true; options: DemoTargetOptions }
  | { ok: false; problems: OptionProblem[] };

/** Fills defaults and checks every knob; never throws. */
export function resolveOptions(partial: Partial<DemoTargetOptions> = {}): OptionsCheck {
  const options: DemoTargetOptions = { ...DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(partial)) {
    // An explicit undefined means "use the default", like an omitted field.
    if (value !== undefined) Object.assign(options, { [key]: value });
  }
  const problems: OptionProblem[] = [];
  const fail = (field: keyof DemoTargetOptions, problem: string): void => void problems.push({ field, problem });
  const whole = (name: keyof DemoTargetOptions, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(name, `must be a whole number from ${min} to ${max} (got ${String(value)})`);
    }
  };
  const share = (name: keyof DemoTargetOptions, value: number): void => {
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      fail(name, `must be a share from 0 to 1, e.g. 0.05 for 5% (got ${String(value)})`);
    }
  };
  const nonNegative = (name: keyof DemoTargetOptions, value: number): void => {
    if (!Number.isFinite(value) || value < 0) {
      fail(name, `must be a number of at least 0 (got ${String(value)})`);
    }
  };

  whole('port', options.port, 0, 65535);
  if (!LOOPBACK_HOSTS.has(options.host)) {
    fail('host', `must be a loopback address (127.0.0.1, ::1 or localhost) so load stays on this machine (got "${options.host}")`);
  }
  if (options.apiKey !== null && options.apiKey.length === 0) {
    fail('apiKey', 'must not be empty; use null to require no key');
  }
  nonNegative('latencyScale', options.latencyScale);
  share('errorRate', options.errorRate);
  share('badBodyRate', options.badBodyRate);
  if (problems.length === 0 && options.errorRate + options.badBodyRate > 1) {
    fail('badBodyRate', `plus the error rate must not exceed 1 (got ${options.errorRate + options.badBodyRate})`);
  }
  nonNegative('degradationMsPerMin', options.degradationMsPerMin);
  if (options.crashAfter !== null) whole('crashAfter', options.crashAfter, 0, Number.MAX_SAFE_INTEGER);
  whole('poolSize', options.poolSize, 1, 10_000);
  whole('poolTimeoutMs', options.poolTimeoutMs, 1, 3_600_000);
  nonNegative('cacheTtlS', options.cacheTtlS);
  if (options.seed !== null) whole('seed', options.seed, 0, 2 ** 32 - 1);

  return problems.length === 0 ? { ok: true, options } : { ok: false, problems };
}

/** The API key from the environment: the named variable if given, else DEMO_API_KEY, else LOADSPEC_API_KEY. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv, variable?: string): string | null {
  if (variable !== undefined) return nonEmpty(env[variable]);
  return nonEmpty(env['DEMO_API_KEY']) ?? nonEmpty(env['LOADSPEC_API_KEY']);
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
