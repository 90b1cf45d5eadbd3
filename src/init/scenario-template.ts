/**
 * The scenario file `loadspec init` writes for someone's own API: the schema line, a short
 * phase of users held active, the reference suite's criteria, loadspec's plugins on and
 * one request per endpoint, each line commented for a person who has never written one.
 */
import { HTTP_METHODS } from '../config/schema/steps.ts';

export interface Endpoint {
  method: (typeof HTTP_METHODS)[number];
  path: string;
}

/** `"GET /path"` → an endpoint, or a sentence saying what to write. */
export function parseEndpoint(text: string): { ok: true; endpoint: Endpoint } | { ok: false; message: string } {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  const method = match?.[1]?.toLowerCase();
  const found = HTTP_METHODS.find((m) => m === method);
  if (match === null || found === undefined) {
    return { ok: false, message: `--endpoint "${text}" is not an endpoint; write the method and the path, e.g. --endpoint "GET /api/items" (methods: ${HTTP_METHODS.map((m) => m.toUpperCase()).join(', ')})` };
  }
  return { ok: true, endpoint: { method: found, path: match[2] ?? '/' } };
}

const quote = (text: string): string => JSON.stringify(text);

function request(endpoint: Endpoint): string[] {
  const sendsBody = endpoint.method === 'post' || endpoint.method === 'put' || endpoint.method === 'patch';
  return [
    `          - ${endpoint.method}:`,
    `              url: ${quote(endpoint.path)}`,
    sendsBody
      ? '              json: { user_id: "{{ userId }}" }   # the body sent; {{ userId }} is this user\'s own ID'
      : '              qs: { user_id: "{{ userId }}" }     # query string; {{ userId }} is this user\'s own ID',
    '              expect:',
    sendsBody ? '                - statusCode: [200, 201]          # a failed check is a failed request' : '                - statusCode: 200                 # a failed check is a failed request',
  ];
}

export function scenarioTemplate(options: { target: string; endpoints: readonly Endpoint[]; schemaPath: string }): string {
  const endpoints = options.endpoints.length > 0 ? options.endpoints : [{ method: 'get' as const, path: '/' }];
  return [
    `# yaml-language-server: $schema=${options.schemaPath}`,
    '#',
    `# A load test of ${options.target}, written by \`loadspec init\`. Edit it, then:`,
    '#   bin/pnpm loadspec plan <this file>     what it will send (nothing is sent)',
    '#   bin/pnpm test:load <this file>         run it; ends with PASSED or FAILED',
    'loadspec:',
    '  description: A first load test.',
    '  duration: 1m              # the hard cap: the run is stopped at this time',
    'config:',
    `  target: ${quote(options.target)}`,
    '  phases:',
    '    # 5 users at once for 10 seconds, started 5 a second; a user whose session ends is',
    '    # replaced by a new one. For a real test raise users (e.g. 100) and duration (e.g. 10m).',
    '    - name: first try',
    '      users: 5',
    '      spawnRate: 5',
    '      duration: 10s',
    '  plugins:',
    '    unique-users: {}         # every user gets its own loadtest_user_* ID, as {{ userId }}',
    '    api-key: {}              # sends the key in $LOADSPEC_API_KEY as X-API-Key; remove if your API needs none',
    '    expect:                  # the expect: checks of each request',
    '      outputFormat: silent',
    '      reportFailuresAsErrors: false',
    '    slow-requests:',
    '      threshold: 3s          # requests slower than this are logged as they happen',
    '    thresholds:',
    '      criteria:              # the verdict: every line must hold for PASSED',
    '        - p95 < 3s',
    '        - error rate < 1%',
    'scenarios:',
    '  - name: user',
    '    flow:',
    '      # One session: the requests below, one after the other, 3 times, 1 second apart.',
    '      - loop:',
    ...endpoints.flatMap((endpoint) => [...request(endpoint), '          - think: 1                          # seconds to wait, like a person would']),
    '        count: 3',
    '',
  ].join('\n');
}
