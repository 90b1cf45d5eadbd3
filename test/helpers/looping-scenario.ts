/**
 * The scenario the stop and dashboard tests run against a counting target: a looping user
 * sends GET /items and POST /orders about once a second each; 2 users arrive per second.
 */
export function loopingScenario(target: string, options: { phaseS?: number; cap?: string; criteria?: unknown[]; phaseName?: string } = {}): string {
  return [
    'loadspec:',
    `  duration: ${options.cap ?? '60s'}`,
    'config:',
    `  target: ${target}`,
    '  phases:',
    ...(options.phaseName ? [`    - name: ${options.phaseName}`, `      duration: ${options.phaseS ?? 30}`] : [`    - duration: ${options.phaseS ?? 30}`]),
    '      arrivalRate: 2',
    '  plugins:',
    '    thresholds:',
    '      criteria:',
    ...(options.criteria ?? ['p95 < 3s']).map((c) => `        - ${JSON.stringify(c)}`),
    'scenarios:',
    '  - name: looper',
    '    flow:',
    '      - loop:',
    '          - get:',
    '              url: /items',
    '          - post:',
    '              url: /orders',
    '              json: { n: 1 }',
    '          - think: 1',
    '        count: 1000',
    '',
  ].join('\n');
}
