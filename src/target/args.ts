import { apiKeyFromEnv, resolveOptions, type DemoTargetOptions } from './options.ts';
import { editDistance } from '../core/suggest.ts';

/** What the command line asks for: start with options, print help, or a usage error sentence. */
export type ParsedArguments =
  | { kind: 'start'; options: DemoTargetOptions }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

interface Flag {
  field: Exclude<keyof DemoTargetOptions, 'apiKey'>;
  value: 'number' | 'share' | 'text';
  /** Placeholder shown in --help. */
  arg: string;
  help: string;
}

// Flag names follow the option names; the order is the order --help lists them in.
const FLAGS: Readonly<Record<string, Flag>> = {
  port: { arg: 'N', field: 'port', value: 'number', help: 'TCP port; 0 picks a free one (default 8000)' },
  host: { arg: 'ADDR', field: 'host', value: 'text', help: 'loopback address: 127.0.0.1, ::1 or localhost (default 127.0.0.1)' },
  'latency-scale': { arg: 'X', field: 'latencyScale', value: 'number', help: 'multiply every modelled latency; 0 answers at once (default 1)' },
  'error-rate': { arg: 'SHARE', field: 'errorRate', value: 'share', help: 'share of /api requests answered 500/503, e.g. 0.05 or 5% (default 0)' },
  'bad-body-rate': { arg: 'SHARE', field: 'badBodyRate', value: 'share', help: 'share of /api requests answered 200 without the fields clients need (default 0)' },
  'degradation-ms-per-min': { arg: 'MS', field: 'degradationMsPerMin', value: 'number', help: 'extra ms per /api request for each minute of uptime (default 0)' },
  'crash-after': { arg: 'N', field: 'crashAfter', value: 'number', help: 'stop answering when request N+1 arrives, then exit 1 (default never)' },
  'pool-size': { arg: 'N', field: 'poolSize', value: 'number', help: 'DB connections; more requests wait in a FIFO queue (default 13)' },
  'pool-timeout-ms': { arg: 'MS', field: 'poolTimeoutMs', value: 'number', help: 'ms a request waits for a DB connection before 503 (default 10000)' },
  'cache-ttl': { arg: 'S', field: 'cacheTtlS', value: 'number', help: 'seconds a cached read stays fresh (default 60)' },
  seed: { arg: 'N', field: 'seed', value: 'number', help: 'seed for latency jitter and fault injection (default random)' },
};

const FLAG_OF_FIELD = new Map<string, string>(Object.entries(FLAGS).map(([flag, { field }]) => [field, flag]));

export const HELP = [
  'Usage: node src/target/main.ts [options]',
  '',
  'The bundled demo API that loadspec tests against (loopback only).',
  '',
  'Options:',
  ...Object.entries(FLAGS).map(([flag, { arg, help }]) => `  --${`${flag} ${arg}`.padEnd(28)}${help}`),
  `  --${'api-key-env NAME'.padEnd(28)}require X-API-Key equal to this environment variable`,
  `  ${''.padEnd(30)}(default: DEMO_API_KEY, else LOADSPEC_API_KEY, else no key required)`,
  `  --${'help'.padEnd(28)}show this help`,
].join('\n');

/** Reads argv (without node and the script) and the environment; never exits or prints. */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArguments {
  const given: Partial<DemoTargetOptions> = { port: 8000 };
  let keyVariable: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    // `pnpm demo:target -- --port 8000` may pass the separator through.
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: HELP };
    if (!arg.startsWith('--')) return { kind: 'error', message: `unexpected argument "${arg}"; options start with --, see --help` };
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = FLAGS[name];
    if (flag === undefined && name !== 'api-key-env') {
      return { kind: 'error', message: `unknown option --${name}${suggest(name)}` };
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      return { kind: 'error', message: `--${name} needs a value, e.g. --${name} ${example(name)}` };
    }
    if (flag === undefined) {
      keyVariable = value;
      continue;
    }
    const parsed = parseValue(flag, value);
    if (parsed === null) {
      const wanted = flag.value === 'share' ? 'a share such as 0.05 or 5%' : 'a number';
      return { kind: 'error', message: `--${name} must be ${wanted} (got "${value}")` };
    }
    Object.assign(given, { [flag.field]: parsed });
  }

  if (keyVariable !== undefined && (env[keyVariable] ?? '') === '') {
    return { kind: 'error', message: `--api-key-env names ${keyVariable}, but that environment variable is not set` };
  }
  const checked = resolveOptions({ ...given, apiKey: apiKeyFromEnv(env, keyVariable) });
  if (!checked.ok) {
    const [first] = checked.problems;
    return { kind: 'error', message: first === undefined ? 'invalid options' : `--${FLAG_OF_FIELD.get(first.field) ?? first.field} ${first.problem}` };
  }
  return { kind: 'start', options: checked.options };
}

function parseValue(flag: Flag, value: string): string | number | null {
  if (flag.value === 'text') return value;
  const percent = flag.value === 'share' && value.endsWith('%');
  const digits = percent ? value.slice(0, -1) : value;
  if (!/^-?\d+(\.\d+)?$/.test(digits)) return null;
  return percent ? Number(digits) / 100 : Number(digits);
}

function example(name: string): string {
  if (name === 'api-key-env') return 'DEMO_API_KEY';
  if (name === 'host') return '127.0.0.1';
  return FLAGS[name]?.value === 'share' ? '0.05' : '8000';
}

/** " (did you mean --x?)" for a near miss, else nothing. */
function suggest(name: string): string {
  const candidates = [...Object.keys(FLAGS), 'api-key-env', 'help'];
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '; see --help' : ` (did you mean --${best}?)`;
}
