/**
 * Values a run gets from where it runs: `{{ $env.X }}` / `{{ $processEnvironment.X }}` (the
 * environment or --dotenv), `{{ $environment }}` (-e) and, in config, a `{{ name }}` that nothing
 * in the file defines (-v/--variables). A file checked in CI or an editor is not wrong because that
 * shell lacks them: `validate` and `plan` name them in one line ("needs at run time: ..."), and
 * `run`, which has the real values, still refuses one that is unset. The same rule for config
 * (resolve-as-artillery.ts) and flows (flow-templates.ts).
 */
import type { Issue } from './explain.ts';
import { formatPath, valueAt, type PathSegment } from './path.ts';
import { envVariableOf } from './template-names.ts';

/** Where a run gets a template variable from, when the file itself does not give it. */
export type RunTimeSource = { kind: 'env'; variable: string } | { kind: 'environment' } | { kind: 'variables'; variable: string };

/**
 * What an unset run-time value means: `run` has the real environment, so it refuses (exit 2 at
 * the line); `validate` and `plan` (`deferRunTimeValues`) may run in a shell without the run's
 * values, so they name it as needed at run time. The one place that decides.
 */
export function runTimeValue(deferRunTimeValues: boolean): 'refuse' | 'needed at run time' {
  return deferRunTimeValues ? 'needed at run time' : 'refuse';
}

/** The run's environment gives `name`: `$env.X` / `$processEnvironment.X`, and `$environment` (-e). */
export function givenByEnvironment(name: string): RunTimeSource | undefined {
  const variable = envVariableOf(name);
  if (variable !== undefined) return { kind: 'env', variable };
  if (name === '$environment') return { kind: 'environment' };
  return undefined;
}

/**
 * Where the run gives `name` in config, or undefined for a name only a virtual user has (a
 * payload column, config.variables, a capture): config is rendered before any user exists, so
 * no run would give it there. (In flows a plain name has sources of its own: flow-sources.ts.)
 */
export function runTimeSource(name: string, perUser: ReadonlySet<string>): RunTimeSource | undefined {
  const given = givenByEnvironment(name);
  if (given !== undefined) return given;
  if (/^[A-Za-z_][\w-]*$/.test(name) && !perUser.has(name)) return { kind: 'variables', variable: name };
  return undefined;
}

/** How to set an environment variable the run reads, for the sentence that refuses it unset. */
export function setInEnvironment(variable: string): string {
  return `set ${variable} in the environment (e.g. ${variable}=... before the command) or in a --dotenv file`;
}

/** One value the run will need: where it comes from, and what the value at `path` must be. */
export interface RunTimeNeed {
  source: RunTimeSource;
  path: PathSegment[];
  /** "a number", "a whole number" when the value must be one; undefined for text. */
  kind?: string | undefined;
}

/** The name a need is listed under: the variable, or "-e/--environment". */
export function sourceName(source: RunTimeSource): string {
  if (source.kind === 'env') return source.variable;
  if (source.kind === 'environment') return '-e/--environment';
  return source.variable;
}

/**
 * `needs at run time: ARRIVAL_RATE (a number: config.phases[0].arrivalRate), TEST_PORT, myVar
 * (-v/--variables)`: each name once, with the first use that needs a number.
 */
export function describeNeeds(needs: readonly RunTimeNeed[]): string | undefined {
  if (needs.length === 0) return undefined;
  const byName = new Map<string, { source: RunTimeSource; kinds: string[]; paths: PathSegment[][] }>();
  for (const need of needs) {
    const name = sourceName(need.source);
    const entry = byName.get(name) ?? { source: need.source, kinds: [], paths: [] };
    if (need.kind !== undefined) {
      entry.kinds.push(need.kind);
      entry.paths.push(need.path);
    }
    byName.set(name, entry);
  }
  const parts = [...byName].map(([name, entry]) => {
    const notes: string[] = [];
    if (entry.source.kind === 'variables') notes.push('-v/--variables');
    if (entry.source.kind === 'environment') notes.push(`for {{ $environment }}`);
    const first = entry.paths[0];
    if (first !== undefined) notes.push(`${entry.kinds[0] ?? 'a value'}: ${formatPath(first)}`);
    return notes.length === 0 ? name : `${name} (${notes.join(', ')})`;
  });
  return `needs at run time: ${parts.join(', ')}`;
}

/**
 * What the value at `at` of `data` must be, found by trying one in its place and asking
 * `issuesOf` (the file's checks) whether it is refused there: "a length of time", "a whole
 * number", "a number", or undefined when text will do.
 */
export function valueKindAt(data: Record<string, unknown>, at: readonly PathSegment[], issuesOf: (data: Record<string, unknown>) => Issue[]): string | undefined {
  const where = formatPath(at);
  const fits = (value: unknown): boolean => {
    const probe = structuredClone(data);
    const parent = valueAt(probe, at.slice(0, -1));
    const last = at.at(-1);
    if (typeof parent !== 'object' || parent === null || last === undefined) return true;
    (parent as Record<PathSegment, unknown>)[last] = value;
    return !issuesOf(probe).some((issue) => formatPath(issue.path) === where);
  };
  if (fits('text')) return undefined;
  if (fits('1s')) return 'a length of time';
  if (fits(1)) return fits(1.5) ? 'a number' : 'a whole number';
  return undefined;
}
