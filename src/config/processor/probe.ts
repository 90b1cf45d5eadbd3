/**
 * Loads a scenario's processor file during validation, in a child process of the same
 * (pinned) Node with a time limit, so that a file Artillery could not load is found before
 * anything starts: a syntax error or a throw at load is placed at the processor's own
 * file:line, and the names of the functions it exports are known for the YAML's
 * `function:` steps and hooks. The child gets the run's environment (with --dotenv values),
 * as Artillery's workers do.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** What loading the processor gave. */
export type ProcessorLoad =
  | { state: 'loaded'; functions: string[] }
  /** It does not load: where (in the processor or a file it loads) and why, one sentence. */
  | { state: 'failed'; file: string; line: number; col: number; message: string }
  /**
   * Not judged: a TypeScript processor Node could not load by itself (Artillery bundles those
   * with esbuild, which reads more than Node's type stripping), so nothing is said about it.
   */
  | { state: 'unjudged'; why: string };

const CHILD = path.join(import.meta.dirname, 'probe-child.ts');
const MARKER = '@@loadspec-processor-functions@@';
/** Generous: loading a processor takes milliseconds; one that blocks at load would block Artillery's workers too. */
export const PROCESSOR_LOAD_LIMIT_MS = 10_000;

const isLocal = (file: string): boolean => !file.startsWith('node:') && !file.includes(`${path.sep}node_modules${path.sep}`);

/** The error line Node printed (`SyntaxError: Unexpected token ';'`), without the type's noise. */
function errorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => /^[A-Za-z]*Error(?: \[[A-Z_]+\])?: /.test(l)) ?? stderr.trim().split('\n')[0] ?? 'it failed to load';
  return line.trim();
}

/** Where Node says a load failed: the header of a syntax error, else the first stack frame in the user's own files. */
function failurePlace(stderr: string, processor: string): { file: string; line: number; col: number } {
  const header = /^(?:file:\/\/)?(\/[^\n]*?):(\d+)\n/.exec(stderr);
  if (header?.[1] !== undefined && isLocal(header[1])) {
    const caret = stderr.split('\n')[2] ?? '';
    return { file: decodeURIComponent(header[1]), line: Number(header[2]), col: Math.max(1, caret.indexOf('^') + 1) };
  }
  for (const frame of stderr.matchAll(/at (?:.*? \()?(?:file:\/\/)?(\/[^():\n]+):(\d+):(\d+)\)?/g)) {
    const file = decodeURIComponent(frame[1] ?? '');
    if (isLocal(file)) return { file, line: Number(frame[2]), col: Number(frame[3]) };
  }
  return { file: processor, line: 1, col: 1 };
}

function sentence(stderr: string, shown: string): string {
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(stderr);
  if (missing?.[1] !== undefined) {
    const name = missing[1];
    if (name.startsWith('.') || name.startsWith('/')) return `the processor ${shown} does not load: this line loads "${name}", which is not there; fix the path (it is relative to the file that loads it)`;
    const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] ?? name);
    return `the processor ${shown} does not load: this line needs the package "${pkg}", which is not installed where the processor can find it; install it (e.g. npm install ${pkg}) or remove what needs it`;
  }
  const error = errorLine(stderr);
  if (error.startsWith('SyntaxError')) return `the processor ${shown} does not load: ${error} on this line, so Artillery would fail to start; fix the line`;
  return `the processor ${shown} does not load: this line throws ${error} while it loads, so Artillery would fail to start; fix what it does at load`;
}

interface Memo {
  key: string;
  load: Promise<ProcessorLoad>;
}
// `run` loads a file several times (arguments, plan, run): the same processor file is loaded once.
const memo = new Map<string, Memo>();

/** Loads `processor` (an absolute path) in a child process; `env` is the run's environment. */
export async function loadProcessor(processor: string, env: Record<string, string | undefined>): Promise<ProcessorLoad> {
  const info = await stat(processor).catch(() => null);
  const key = `${info?.mtimeMs ?? 0}:${info?.size ?? 0}:${JSON.stringify(env)}`;
  const cached = memo.get(processor);
  if (cached !== undefined && cached.key === key) return cached.load;
  const load = probe(processor, env);
  memo.set(processor, { key, load });
  return load;
}

function probe(processor: string, env: Record<string, string | undefined>): Promise<ProcessorLoad> {
  const shown = path.relative(process.cwd(), processor) || processor;
  const typescript = /\.[cm]?tsx?$/i.test(processor);
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-warnings', CHILD, processor, MARKER], { cwd: path.dirname(processor), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, PROCESSOR_LOAD_LIMIT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ state: 'unjudged', why: `the processor could not be loaded for checking (${error.message})` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const at = stdout.lastIndexOf(MARKER);
      if (code === 0 && at !== -1) {
        const functions: unknown = JSON.parse(stdout.slice(at + MARKER.length).trim());
        resolve({ state: 'loaded', functions: Array.isArray(functions) ? functions.filter((f): f is string => typeof f === 'string') : [] });
      } else if (timedOut) {
        resolve({ state: 'failed', file: processor, line: 1, col: 1, message: `${shown} did not finish loading within ${PROCESSOR_LOAD_LIMIT_MS / 1000} s (something at load waits or loops); Artillery's workers would hang on it the same way, so do that work inside a function` });
      } else if (typescript) {
        resolve({ state: 'unjudged', why: `Node could not load the TypeScript processor by itself (${errorLine(stderr)}); Artillery bundles it with esbuild` });
      } else {
        resolve({ state: 'failed', ...failurePlace(stderr, processor), message: sentence(stderr, shown) });
      }
    });
  });
}
