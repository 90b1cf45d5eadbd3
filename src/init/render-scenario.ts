/**
 * The scenario file `loadspec init` writes, from a ScenarioModel: the schema line, a short
 * phase of users held active, the reference suite's criteria, loadspec's plugins and the
 * flow, each line commented for a person who has never written one.
 */
import type { RequestModel, ScenarioModel } from './scenario-model.ts';

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/** A value as one line of YAML flow style (JSON strings, plain keys): valid YAML that reads like the API's own JSON. */
export function flowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${PLAIN_KEY.test(k) ? k : JSON.stringify(k)}: ${flowYaml(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'null';
}

const pad = (text: string, width: number): string => (text.length >= width ? `${text} ` : text.padEnd(width));

/** Lines of one request step at `indent` spaces (the `- get:` line first). */
function requestLines(request: RequestModel, indent: number): string[] {
  const at = ' '.repeat(indent);
  const inner = `${at}    `;
  const lines: string[] = [];
  if (request.thinkBefore !== undefined) lines.push(`${at}- ${pad(`think: ${request.thinkBefore}`, 40)}# the pause in the recording`);
  for (const name of request.draws) lines.push(`${at}- ${pad(`function: draw ${name}`, 40)}# a new {${name}} for this request, from config.variables.${name}`);
  lines.push(`${at}- ${request.method}:${request.comment === undefined ? '' : `   # ${request.comment}`}`);
  lines.push(`${inner}url: ${JSON.stringify(request.url)}${request.url.includes('{{') ? `   # reported as ${request.endpoint}` : ''}`);
  if (request.qs !== undefined) lines.push(`${inner}qs: ${flowYaml(request.qs)}`);
  if (request.headers !== undefined) lines.push(`${inner}headers: ${flowYaml(request.headers)}`);
  if (request.cookie !== undefined) lines.push(`${inner}cookie: ${flowYaml(request.cookie)}`);
  if (request.json !== undefined) lines.push(`${inner}json: ${flowYaml(request.json)}`);
  if (request.form !== undefined) lines.push(`${inner}form: ${flowYaml(request.form)}`);
  if (request.body !== undefined) lines.push(`${inner}body: ${JSON.stringify(request.body)}`);
  if (request.bodyHint !== undefined) lines.push(`${inner}# ${request.bodyHint}`);
  if (request.captures !== undefined && request.captures.length > 0) {
    lines.push(`${inner}capture:                      # kept for the rest of the session`);
    for (const c of request.captures) {
      const from = c.json !== undefined ? `json: ${JSON.stringify(c.json)}` : `header: ${JSON.stringify(c.header ?? '')}`;
      lines.push(`${inner}  - { ${from}, as: ${c.as} }`);
    }
  }
  lines.push(`${inner}expect:`);
  const status = request.expectStatus.length === 1 ? String(request.expectStatus[0]) : flowYaml(request.expectStatus);
  lines.push(`${inner}  - ${pad(`statusCode: ${status}`, 30)}# any other status is a failed request`);
  return lines;
}

function headerLines(model: ScenarioModel, schemaPath: string): string[] {
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '#',
    `# A load test of ${model.target}, written by \`loadspec init\`${model.source === '' ? '' : ` from ${model.source}`}. Edit it, then:`,
    '#   bin/pnpm loadspec plan <this file>     what it will send (nothing is sent)',
    '#   bin/pnpm test:load <this file>         run it; ends with PASSED or FAILED',
  ];
  if (model.env.length > 0) {
    lines.push('# Set these in the environment first (their values are never written in this file):');
    const width = Math.max(...model.env.map((e) => e.name.length)) + 2;
    for (const e of model.env) lines.push(`#   export ${pad(`${e.name}=...`, width + 4)}${e.what}`);
  }
  return lines;
}

function variableLines(model: ScenarioModel): string[] {
  if (model.variables.length === 0) return [];
  return [
    '  variables:',
    ...model.variables.flatMap((v) => [`    # {${v.name}}: ${v.comment}`, `    ${v.name}: ${flowYaml(v.values)}`]),
  ];
}

function pluginLines(model: ScenarioModel): string[] {
  const apiKey = model.apiKey === undefined
    ? ['    # api-key: {}            # when your API asks for a key: sends $LOADSPEC_API_KEY as X-API-Key']
    : [`    api-key: { header: ${flowYaml(model.apiKey.header)}, env: ${model.apiKey.env} }   # sends $${model.apiKey.env} as ${model.apiKey.header} with every request`];
  return [
    '  plugins:',
    '    unique-users: {}         # every user gets its own loadtest_user_* ID, as {{ userId }}',
    ...apiKey,
    '    expect:                  # the expect: checks of each request',
    '      outputFormat: silent',
    '      reportFailuresAsErrors: false',
    '    slow-requests:',
    '      threshold: 3s          # requests slower than this are logged as they happen',
    '    thresholds:',
    '      criteria:              # the verdict: every line must hold for PASSED',
    '        - p95 < 3s',
    '        - error rate < 1%',
  ];
}

function flowLines(model: ScenarioModel): string[] {
  const lines: string[] = [];
  if (model.login !== undefined) {
    lines.push(`      # Each user logs in once (${model.login.env.map((e) => `$${e}`).join(', ')}) and keeps the token for its session.`);
    lines.push(...requestLines(model.login.request, 6));
  }
  for (const note of model.notes ?? []) lines.push(`      # ${note}`);
  if (model.flow === 'replay') {
    for (const request of model.requests) lines.push(...requestLines(request, 6));
    return lines;
  }
  if (model.flow === 'sequence') {
    lines.push('      # One session: the requests below, one after the other, 3 times, 1 second apart.');
    lines.push('      - loop:');
    for (const request of model.requests) {
      lines.push(...requestLines(request, 10));
      lines.push('          - think: 1                          # seconds to wait, like a person would');
    }
    lines.push('        count: 3');
    return lines;
  }
  lines.push('      # One session: 5 rounds, 1 second apart; each round calls one endpoint, picked by weight');
  lines.push('      # (reads more often than writes: change the weights to match how your API is used).');
  lines.push('      - loop:');
  lines.push('          - pick:');
  for (const request of model.requests) {
    lines.push(`              - weight: ${request.weight ?? 1}`);
    lines.push(`                name: ${JSON.stringify(request.endpoint)}`);
    lines.push('                flow:');
    lines.push(...requestLines(request, 18));
  }
  lines.push('          - think: 1                          # seconds to wait, like a person would');
  lines.push('        count: 5');
  return lines;
}

export function renderScenario(model: ScenarioModel, schemaPath: string): string {
  const health = model.health ?? { path: '/health', comment: 'checked before the run (must answer 2xx): write a path of your API that answers when it is up' };
  return [
    ...headerLines(model, schemaPath),
    'loadspec:',
    '  description: A first load test.',
    `  duration: ${pad(model.duration ?? '1m', 15)} # the hard cap: the run is stopped at this time`,
    '  health:',
    `    path: ${pad(JSON.stringify(health.path), 20)}# ${health.comment}`,
    'config:',
    `  target: ${JSON.stringify(model.target)}`,
    '  phases:',
    '    # 5 users at once for 10 seconds, started 5 a second; a user whose session ends is',
    '    # replaced by a new one. For a real test raise users (e.g. 100) and duration (e.g. 10m).',
    '    - name: first try',
    '      users: 5',
    '      spawnRate: 5',
    '      duration: 10s',
    ...variableLines(model),
    ...pluginLines(model),
    'scenarios:',
    '  - name: user',
    '    flow:',
    ...flowLines(model),
    ...(model.leftOut.length > 0 ? ['', '# Left out (add them to the flow if the test should call them):', ...model.leftOut.map((l) => `#   ${l}`)] : []),
    '',
  ].join('\n');
}
