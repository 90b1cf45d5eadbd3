/**
 * The bare side of the soak benchmark: the script `loadspec run` compiled (same phases, flow
 * and response checks), with loadspec's plugins taken out and a small Artillery processor
 * doing the three things the flow needs from them: the weighted-pick draw and the value draws
 * (what the recorder registers in each worker) and the `userId` variable (what unique-users sets).
 */
import { drawnVariable } from '../src/core/value-draws.ts';
import { readCompiledPick } from '../src/core/weighted-pick.ts';
import { ENGINE_NAME } from '../src/run/engine-choice.ts';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function pickFunctionNames(flow: unknown[], into: Set<string>): Set<string> {
  for (const step of flow) {
    if (!isRecord(step)) continue;
    const fn = step['function'];
    if (typeof fn === 'string' && (readCompiledPick(fn) !== null || drawnVariable(fn) !== null)) into.add(fn);
    for (const nested of ['loop', 'parallel']) if (Array.isArray(step[nested])) pickFunctionNames(step[nested], into);
  }
  return into;
}

/** The bare script and its processor (CommonJS source) for `artillery run`. */
export function bareScript(compiled: Json, target: string): { script: Json; processor: string } {
  const config = isRecord(compiled['config']) ? compiled['config'] : {};
  const plugins = isRecord(config['plugins']) ? config['plugins'] : {};
  const scenarios = Array.isArray(compiled['scenarios']) ? compiled['scenarios'] : [];
  const names = new Set<string>();
  for (const scenario of scenarios) if (isRecord(scenario) && Array.isArray(scenario['flow'])) pickFunctionNames(scenario['flow'], names);

  const lines = [
    "'use strict';",
    'let users = 0;',
    "exports.benchUser = (context, events, done) => { context.vars.userId = `bare_user_${process.pid}_${++users}`; done(); };",
    'function draw(weights, vars) {',
    '  const total = weights.reduce((a, b) => a + b, 0);',
    '  return (context, events, done) => {',
    '    let point = Math.random() * total;',
    '    let chosen = weights.length - 1;',
    '    for (let i = 0; i < weights.length; i++) { if (point < weights[i]) { chosen = i; break; } point -= weights[i]; }',
    '    vars.forEach((name, i) => { context.vars[name] = i === chosen ? [1] : []; });',
    '    done();',
    '  };',
    '}',
  ];
  const variables = isRecord(config['variables']) ? config['variables'] : {};
  for (const name of names) {
    const pick = readCompiledPick(name);
    if (pick !== null) lines.push(`exports[${JSON.stringify(name)}] = draw(${JSON.stringify(pick.weights)}, ${JSON.stringify(pick.vars)});`);
    const variable = drawnVariable(name);
    const list = variable === null ? undefined : variables[variable];
    if (variable !== null && Array.isArray(list)) {
      lines.push(
        `exports[${JSON.stringify(name)}] = ((list) => (context, events, done) => { context.vars[${JSON.stringify(variable)}] = list[Math.floor(Math.random() * list.length)]; done(); })(${JSON.stringify(list)});`,
      );
    }
  }

  const script: Json = {
    ...compiled,
    config: {
      ...config,
      target,
      processor: './processor.cjs',
      // Artillery's own plugins only: the response checks, and metrics-by-endpoint as installed.
      plugins: isRecord(plugins['expect']) ? { expect: plugins['expect'] } : {},
    },
    scenarios: scenarios.map((scenario) => {
      if (!isRecord(scenario)) return scenario;
      const before = Array.isArray(scenario['beforeScenario']) ? scenario['beforeScenario'] : [];
      // Bare Artillery runs its own HTTP engine: loadspec's undici engine is found only on the
      // runner's NODE_PATH, and without it Artillery would start no user at all.
      const { engine, ...rest } = scenario;
      return { ...(engine === ENGINE_NAME ? rest : scenario), beforeScenario: ['benchUser', ...before] };
    }),
  };
  return { script, processor: `${lines.join('\n')}\n` };
}
