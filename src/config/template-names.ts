/**
 * What a `{{ }}` names (in flows here, in config by resolve-as-artillery.ts), read as Artillery 2.0.34 reads it
 * (lib/commons/engine_util.ts `template` / `renderVariables`, lib/core/runner.ts `createContext`):
 * the variable is looked up with lodash `get`, so `{{ food.name }}` needs `food`, and a
 * function call (`{{ $randomNumber(1, 5) }}`) is rendered only when the function is one of
 * the context's functions (otherwise the whole value becomes undefined).
 */

// Artillery's renderVariables: a name of letters, digits, $, _, ., [], quotes and dashes.
export const VARIABLE = /{{{?[\s$\w.[\]'"-]+}}}?/g;
// Artillery's function-call template; only one per value is rendered. Global: test with `search`, not `test`.
export const FUNCTION_CALL = /{{\s*(\$[A-Za-z0-9_]+)\s*\(\s*[A-Za-z0-9_,\s]*\s*\)\s*}}/g;

/** `X` of `$env.X` / `$processEnvironment.X` (the run's environment), or undefined for any other name. */
export function envVariableOf(name: string): string | undefined {
  return /^\$(?:env|processEnvironment)\.([\w-]+)/.exec(name)?.[1];
}

/** The functions of every virtual user's context (runner.ts createContext `funcs`). */
export const TEMPLATE_FUNCTIONS = ['$randomNumber', '$randomString', '$template'] as const;

/**
 * Variables every virtual user has before its first step (runner.ts createContext `vars`, and
 * the loop step's defaults in engine_util.ts createLoopWithCount). `target` is config.target,
 * which the runner always fills; `$environment` is set only with `-e` (see run-time-values.ts).
 */
export const BUILT_IN_VARIABLES = ['target', '$environment', '$processEnvironment', '$env', '$testId', '$dirname', '$scenarioFile', '$uuid', '$loopElement', '$loopCount'] as const;

/** One `{{ }}` of a value: the variable it needs (the part before the first `.` or `[`), or a function it calls. */
export type TemplateUse =
  | { kind: 'variable'; written: string; /** The name between the braces, as Artillery looks it up. */ name: string; root: string }
  | { kind: 'function'; written: string; name: string };

function rootOf(name: string): string {
  const cut = /^[^.[]*/.exec(name)?.[0] ?? name;
  return cut.replace(/['"]/g, '');
}

/** The templates of one string, in order; text without `{{` has none. */
export function templateUses(text: string): TemplateUse[] {
  if (!text.includes('{{')) return [];
  const uses: TemplateUse[] = [];
  for (const match of text.matchAll(FUNCTION_CALL)) uses.push({ kind: 'function', written: match[0], name: match[1] ?? '' });
  const rest = text.replace(FUNCTION_CALL, '');
  for (const match of rest.match(VARIABLE) ?? []) {
    const name = match.replace(/[{}]/g, '').trim();
    const root = rootOf(name);
    if (root === '') continue;
    uses.push({ kind: 'variable', written: match, name, root });
  }
  return uses;
}
