/**
 * Runs Artillery as a child process: `node <artillery>/bin/run run <script>` directly
 * (killing an `npx` wrapper can leave the real process running), telemetry off, our
 * plugins on ARTILLERY_PLUGIN_PATH, secrets only in the child's environment.
 */
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const require = createRequire(import.meta.url);

export const PLUGINS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../plugins');

export function artilleryBinary(): string {
  return path.join(path.dirname(require.resolve('artillery/package.json')), 'bin', 'run');
}

export function artilleryVersion(): string {
  const pkg = require('artillery/package.json') as { version: string };
  return pkg.version;
}

export interface ArtilleryRunOptions {
  scriptPath: string;
  runDir: string;
  /** Extra environment for the child only (secrets go here, never into argv or files). */
  env: Record<string, string>;
  /** Strings to mask in everything the child prints before it is logged or shown. */
  secrets: string[];
  /**
   * Hard cap: SIGINT this many ms after the load started (see `loadStarted`), SIGKILL
   * `killGraceMs` later. Until the load is known to have started, Artillery's start-up gets
   * START_UP_ALLOWANCE_MS on top.
   */
  capMs: number;
  /** How long the load may take to start before the cap counts anyway (default START_UP_ALLOWANCE_MS). */
  startUpAllowanceMs?: number;
  /** From SIGINT/SIGTERM to SIGKILL (default KILL_GRACE_MS). */
  killGraceMs?: number;
  /** The Artillery CLI to start (default: the installed one); tests give a stand-in. */
  binary?: string;
  /** Extra arguments passed to `artillery run` (e.g. --platform). */
  extraArgs?: string[];
  /** Each line Artillery prints (secrets masked). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export type ArtilleryExit =
  | { kind: 'exited'; exitCode: number; capped: boolean }
  | { kind: 'killed'; signal: string; capped: boolean };

export interface ArtilleryRun {
  /** Ask Artillery to stop (it flushes what it can), then kill after the grace period. */
  stop(signal: 'SIGINT' | 'SIGTERM'): void;
  /** The load began at `at` (epoch ms): the cap counts from there, not from Artillery's spawn. */
  loadStarted(at: number): void;
  readonly pid: number | undefined;
  done: Promise<ArtilleryExit>;
}

/**
 * How long Artillery may take to start (load its plugins, spawn its workers) before the cap
 * starts counting anyway: 2-5 s on a quiet machine, more on a busy one. A run whose load never
 * starts ends at its cap plus this.
 */
export const START_UP_ALLOWANCE_MS = 60_000;

/**
 * The kill policy, its one owner: after SIGINT (cap, Ctrl-C, an abort) or SIGTERM, Artillery gets
 * this long to stop its workers, run its plugins' cleanup (the recorder's last seconds) and exit;
 * then it is killed (SIGKILL). The record written until then is kept either way.
 */
export const KILL_GRACE_MS = 15_000;

/** The parent's environment minus what would leak secrets through Artillery's own logging. */
function childEnvironment(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  // DEBUG=http* makes Artillery print request headers, i.e. the API key.
  if (env.DEBUG && /http|\*/.test(env.DEBUG)) delete env.DEBUG;
  env.ARTILLERY_DISABLE_TELEMETRY = 'true';
  env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  // The runner may add a folder (the package-name links of a --platform run) after ours.
  env.ARTILLERY_PLUGIN_PATH = extra['ARTILLERY_PLUGIN_PATH'] ? `${PLUGINS_DIR}${path.delimiter}${extra['ARTILLERY_PLUGIN_PATH']}` : PLUGINS_DIR;
  // Artillery resolves engines (artillery-engine-<name>) with Node's own resolution, not ARTILLERY_PLUGIN_PATH.
  env.NODE_PATH = env.NODE_PATH ? `${PLUGINS_DIR}${path.delimiter}${env.NODE_PATH}` : PLUGINS_DIR;
  env.FORCE_COLOR = '0';
  return env;
}

/** A secret as Artillery may print it: as is, JSON-escaped (in a JSON string), URL-encoded (in a query or form). */
function encodings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  let url: string;
  try {
    url = encodeURIComponent(secret);
  } catch {
    // A lone surrogate has no URL form.
    return [secret, json];
  }
  const form = url.replace(/%20/g, '+');
  // Escaped by hand in JSON output, e.g. non-ASCII as \uXXXX.
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const lower = url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  return [secret, json, ascii, url, form, lower, encodeURI(secret)];
}

export function mask(text: string, secrets: string[]): string {
  // Longest first, so a form that contains another is masked whole.
  const forms = [...new Set(secrets.filter((s) => s.length > 0).flatMap(encodings))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of forms) out = out.split(form).join('***');
  return out;
}

/** Keeps Artillery running when the terminal closes (SIGHUP): see ignore-hangup.ts. */
const IGNORE_HANGUP = fileURLToPath(new URL('./ignore-hangup.ts', import.meta.url));

export function startArtillery(options: ArtilleryRunOptions): ArtilleryRun {
  const log = createWriteStream(path.join(options.runDir, 'artillery.log'));
  // A full disk must not crash the runner: Artillery's output is a convenience, the record is the record.
  let logError: NodeJS.ErrnoException | null = null;
  log.on('error', (error: NodeJS.ErrnoException) => {
    logError ??= error;
  });
  const child = execa(
    process.execPath,
    ['--import', IGNORE_HANGUP, options.binary ?? artilleryBinary(), 'run', options.scriptPath, '-o', path.join(options.runDir, 'artillery.json'), ...(options.extraArgs ?? [])],
    {
      env: childEnvironment(options.env),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      buffer: false,
      cwd: path.dirname(options.scriptPath),
      // We stop it ourselves (SIGINT or SIGTERM, then SIGKILL after killGraceMs): execa must not add
      // its own kill logic, whose default SIGKILLs 5 s after a SIGTERM.
      cleanup: true,
      forceKillAfterDelay: false,
    },
  );

  let capped = false;
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (exited) return;
    child.kill(signal);
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? KILL_GRACE_MS);
    killTimer.unref();
  };
  const onCap = (): void => {
    capped = true;
    stop('SIGINT');
  };
  let capTimer = setTimeout(onCap, options.capMs + (options.startUpAllowanceMs ?? START_UP_ALLOWANCE_MS));
  capTimer.unref();
  let loadStartedAt: number | null = null;
  const loadStarted = (at: number): void => {
    if (loadStartedAt !== null || exited || capped) return;
    loadStartedAt = at;
    clearTimeout(capTimer);
    capTimer = setTimeout(onCap, Math.max(0, at + options.capMs - Date.now()));
    capTimer.unref();
  };

  const pipeLines = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> => {
    if (!stream) return Promise.resolve();
    let pending = '';
    return new Promise((resolve) => {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const text = mask(pending + chunk, options.secrets);
        const lines = text.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (logError === null) log.write(`${line}\n`);
          options.onLine?.(line, name);
        }
      });
      stream.on('end', () => {
        if (pending) {
          const line = mask(pending, options.secrets);
          if (logError === null) log.write(`${line}\n`);
          options.onLine?.(line, name);
        }
        resolve();
      });
    });
  };
  const piped = Promise.all([pipeLines(child.stdout, 'stdout'), pipeLines(child.stderr, 'stderr')]);

  const done = (async (): Promise<ArtilleryExit> => {
    const result = await child;
    exited = true;
    await piped;
    clearTimeout(capTimer);
    if (killTimer) clearTimeout(killTimer);
    await new Promise<void>((resolve) => {
      if (logError !== null || log.destroyed) resolve();
      else log.end(() => resolve());
    });
    if (result.signal) return { kind: 'killed', signal: result.signal, capped };
    return { kind: 'exited', exitCode: result.exitCode ?? 1, capped };
  })();

  return { stop, loadStarted, pid: child.pid, done };
}
