/**
 * Runs a real Artillery on a script object for end-to-end tests: writes the script
 * into a fresh run directory, starts `node <artillery>/bin/run run` with our plugins
 * on ARTILLERY_PLUGIN_PATH (and the engine on NODE_PATH), telemetry off and LOADSPEC_RUN_DIR set, and always ends
 * it (SIGKILL at `timeoutMs`). Use it from any test:
 *
 *   const run = startArtillery({ script: { config: {...}, scenarios: [...] } });
 *   await run.waitFor(() => existsSync(`${run.runDir}/seconds-w1.jsonl`), 20_000);
 *   run.kill('SIGINT');
 *   const { exitCode, stdout } = await run.done;
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PLUGINS_DIR = path.join(ROOT, 'plugins');
export const ARTILLERY_BIN = path.join(path.dirname(require.resolve('artillery/package.json')), 'bin', 'run');

export interface ArtilleryTestRun {
  runDir: string;
  pid: number | undefined;
  /** Resolves when Artillery has exited (or was killed at the timeout). */
  done: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }>;
  kill(signal: NodeJS.Signals): void;
  /** Polls `check` every 100 ms until it is true (resolves true) or `timeoutMs` passes or Artillery exits (false). */
  waitFor(check: () => boolean, timeoutMs: number): Promise<boolean>;
}

export interface StartArtilleryOptions {
  /** The Artillery script as an object (written as JSON, which Artillery reads as YAML). */
  script: unknown;
  /** Defaults to a new temporary directory. */
  runDir?: string;
  env?: Record<string, string>;
  /** Hard limit; the process gets SIGKILL after this. Default 60 s. */
  timeoutMs?: number;
  /** Also pass `-o <runDir>/artillery.json`. Default true. */
  output?: boolean;
}

export function startArtillery(options: StartArtilleryOptions): ArtilleryTestRun {
  const runDir = options.runDir ?? mkdtempSync(path.join(tmpdir(), 'loadspec-test-run-'));
  const scriptPath = path.join(runDir, 'script.yml');
  writeFileSync(scriptPath, JSON.stringify(options.script, null, 2));
  const args = [ARTILLERY_BIN, 'run', scriptPath];
  if (options.output !== false) args.push('-o', path.join(runDir, 'artillery.json'));
  const child = spawn(process.execPath, args, {
    cwd: runDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ARTILLERY_DISABLE_TELEMETRY: '1',
      ARTILLERY_PLUGIN_PATH: PLUGINS_DIR,
      // The runner's scripts name the undici engine, which Artillery resolves with Node's own paths.
      NODE_PATH: PLUGINS_DIR,
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      FORCE_COLOR: '0',
      LOADSPEC_RUN_DIR: runDir,
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let exited = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 60_000);
  const done = new Promise<Awaited<ArtilleryTestRun['done']>>((resolve) => {
    child.on('close', (exitCode, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, timedOut });
    });
  });
  return {
    runDir,
    pid: child.pid,
    done,
    kill: (signal) => {
      if (!exited) child.kill(signal);
    },
    waitFor: async (check, timeoutMs) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until && !exited) {
        if (check()) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return check();
    },
  };
}

export interface TestTarget {
  url: string;
  port: number;
  /** Requests seen, by path (query removed). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** How the target answers one path: after `delayMs`, with `status` and a small JSON body. */
export interface TestRoute {
  delayMs?: number;
  status?: number;
}

/**
 * A loopback HTTP target for Artillery tests, on port 0. Paths not in `routes`
 * answer 200 at once. Keep-alive sockets are closed with the server.
 */
export async function startTarget(routes: Record<string, TestRoute> = {}): Promise<TestTarget> {
  const { createServer } = await import('node:http');
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const pathOnly = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(pathOnly, (hits.get(pathOnly) ?? 0) + 1);
    const route = routes[pathOnly] ?? {};
    const reply = (): void => {
      res.writeHead(route.status ?? 200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
    if (route.delayMs) setTimeout(reply, route.delayMs);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (connections are refused). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
