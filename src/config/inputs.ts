/**
 * The inputs of a run checked before anything is sent — one check that `validate`, `plan`
 * and `run` all reach through loadScenarioFile:
 * - the processor loads (in a child process, see processor/probe.ts) and exports every
 *   function the YAML names;
 * - every `{{ name }}` of the flows has a source (flow-templates.ts);
 * - every payload CSV parses as Artillery parses it, and its rows have the columns the
 *   flows use (payload-rows.ts).
 * Problems are ConfigErrors placed where they are: the YAML line, the processor's line, the CSV's line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigError } from './errors.ts';
import type { Issue } from './explain.ts';
import { flowSources, payloadSections } from './flow-sources.ts';
import { traceFlowTemplates, type TraceOptions } from './flow-templates.ts';
import { formatPath, type ValuePath } from './path.ts';
import { checkPayloadRows, type PayloadSection } from './payload-rows.ts';
import type { RunTimeNeed } from './run-time-values.ts';
import { checkFunctionNames, namedFunctions } from './processor/function-names.ts';
import { loadProcessor, type ProcessorLoad } from './processor/probe.ts';
import { varsWritten, type VarsWritten } from './processor/vars-written.ts';
import { isRecord } from '../core/is-record.ts';

type Data = Record<string, unknown>;

/** The run's environment, its -e name, and whether unset run-time values are needs (`validate`, `plan`) or refused (`run`). */
export type InputOptions = TraceOptions;

export interface InputCheck {
  errors: ConfigError[];
  /** Run-time values the flows need that this shell lacks (an environment variable, -e), at their first use. */
  needs: RunTimeNeed[];
}

/**
 * `script` is the resolved, merged script with absolute payload and processor paths;
 * `locate` places a path of it in the file that wrote it.
 */
export async function checkInputs(script: Data, locate: (at: ValuePath) => { file: string; line: number; col: number }, options: InputOptions): Promise<InputCheck> {
  const errors: ConfigError[] = [];
  const place = (issues: Issue[]): ConfigError[] => issues.map((issue) => ({ ...locate(issue.path), message: issue.message, path: formatPath(issue.path) }));
  const config = isRecord(script['config']) ? script['config'] : {};

  const processor = typeof config['processor'] === 'string' && !config['processor'].includes('{{') ? config['processor'] : undefined;
  let load: ProcessorLoad | undefined;
  let written: VarsWritten | undefined;
  if (processor !== undefined && existsSync(processor)) {
    [load, written] = await Promise.all([loadProcessor(processor, options.env), varsWritten(processor)]);
    if (load.state === 'failed') errors.push({ file: load.file, line: load.line, col: load.col, message: load.message, path: 'config.processor' });
  }

  const sources = flowSources(script, written, namedFunctions(script).length > 0);
  const traced = traceFlowTemplates(script, sources, options);
  errors.push(...place(traced.issues));

  // Function names are judged against a processor that loaded, or against none at all (a
  // plugin loadspec does not know may add functions).
  const shown = processor === undefined ? undefined : path.relative(process.cwd(), processor) || processor;
  if (load?.state === 'loaded') errors.push(...place(checkFunctionNames(script, load.functions, shown)));
  else if (config['processor'] === undefined && !sources.anyName) errors.push(...place(checkFunctionNames(script, undefined, undefined)));

  const sections = payloadSections(config);
  for (const [index, section] of sections.entries()) {
    const file = section['path'];
    if (typeof file !== 'string' || file.includes('{{') || !path.isAbsolute(file) || !existsSync(file)) continue;
    const at = Array.isArray(config['payload']) ? `config.payload[${index}]` : 'config.payload';
    errors.push(...(await checkPayloadRows({ ...(section as Omit<PayloadSection, 'at' | 'path'>), path: file, at }, traced.used)));
  }
  return { errors, needs: traced.needs };
}
