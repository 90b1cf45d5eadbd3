/**
 * Everything checked before any load is sent: the target (or the bundled demo
 * target when none is given), the API key the scenario needs, and the target's
 * health. A failure is one sentence and no load at all.
 */
import { randomBytes } from 'node:crypto';
import { API_KEY_DEFAULTS, RUNNER_DEFAULTS } from '../core/defaults.ts';
import { startDemoTarget } from '../target/server.ts';
import type { DemoTarget } from '../target/server.ts';
import { parseDurationMs } from '../core/durations.ts';
import { checkHealth } from './health-check.ts';
import { describeBadTarget, splitCredentials, stripCredentials } from '../core/target-url.ts';
import { mask } from './artillery-process.ts';
import type { ScenarioScript } from '../config/schema/script.ts';

export type Preflight =
  | { ok: true; target: string; apiKey: string | undefined; apiKeyEnv: string; healthUrl: string; demo: DemoTarget | null }
  /** `usage`: the target is no usable URL (exit 2, a mistake in what was written); else the target or the environment is not ready (exit 3). */
  | { ok: false; reason: string; usage?: true };

/** Which of --target, TARGET_URL and config.target gave the target, for messages. */
function targetSource(options: { target?: string | undefined; env: NodeJS.ProcessEnv }): string {
  if (options.target) return '--target';
  if (options.env.TARGET_URL) return 'TARGET_URL';
  return 'config.target';
}

/**
 * On success with a demo target, the caller owns `demo` and must stop it; on failure
 * nothing is left running.
 */
export async function preflight(
  script: ScenarioScript,
  options: { target?: string | undefined; env: NodeJS.ProcessEnv },
  configFile: string,
  onDemoTarget: (url: string) => void,
): Promise<Preflight> {
  // `target: ""` is Artillery's "no target here": one comes from --target, TARGET_URL or the demo target.
  const explicitTarget = options.target ?? options.env.TARGET_URL ?? (script.config?.target === '' ? undefined : script.config?.target);
  if (explicitTarget !== undefined) {
    const bad = describeBadTarget(explicitTarget, targetSource(options));
    if (bad) return { ok: false, reason: bad, usage: true };
  }

  const apiKeyPlugin = script.config?.plugins?.['api-key'];
  const apiKeyEnv = apiKeyPlugin?.env ?? API_KEY_DEFAULTS.env;
  let apiKey = apiKeyPlugin ? options.env[apiKeyEnv] : undefined;
  if (explicitTarget !== undefined && apiKeyPlugin && !apiKey) {
    return {
      ok: false,
      reason: `the API key variable ${apiKeyEnv} is not set, so requests would go out without the ${apiKeyPlugin.header ?? API_KEY_DEFAULTS.header} header; set it (export ${apiKeyEnv}=...) or remove config.plugins.api-key from ${configFile}`,
    };
  }

  const badKey = apiKey === undefined ? null : describeBadHeaderValue(apiKey);
  if (badKey !== null) {
    return {
      ok: false,
      reason: `the API key variable ${apiKeyEnv} holds ${badKey}, which no HTTP header can carry, so every request would fail (ERR_INVALID_CHAR); set it to the key alone, e.g. export ${apiKeyEnv}="$(tr -d '\\r\\n' < key-file)"`,
    };
  }

  // With no target at all, the bundled demo target makes the first run work anywhere;
  // it and Artillery then share a key generated for this run.
  let demo: DemoTarget | null = null;
  if (explicitTarget === undefined) {
    if (apiKeyPlugin && !apiKey) apiKey = randomBytes(18).toString('base64url');
    demo = await startDemoTarget({ port: 0, ...(apiKey ? { apiKey } : {}) });
    onDemoTarget(demo.url);
  }
  const target = explicitTarget ?? demo?.url ?? '';

  const health = script.loadspec?.health ?? {};
  const healthUrl = new URL(health.path ?? RUNNER_DEFAULTS.health.path, target).toString();
  const healthy = await checkHealth({
    url: healthUrl,
    // A timeout the file gives is validated before; the default is core's.
    timeoutMs: parseDurationMs(health.timeout) ?? parseDurationMs(RUNNER_DEFAULTS.health.timeout) ?? 0,
    retries: health.retries ?? RUNNER_DEFAULTS.health.retries,
  });
  if (!healthy.healthy) {
    await demo?.stop();
    // The reason names the health URL, which may hold the target's user:password.
    return { ok: false, reason: mask(healthy.reason.split(healthUrl).join(stripCredentials(healthUrl)), splitCredentials(target).secrets) };
  }
  return { ok: true, target, apiKey, apiKeyEnv, healthUrl, demo };
}

/**
 * What in a header value Node refuses to send (it allows tab, printable ASCII and
 * Latin-1), named without showing the value; null when it can be sent.
 */
export function describeBadHeaderValue(value: string): string | null {
  const chars = [...value];
  const index = chars.findIndex((c) => /[^\t\x20-\x7e\x80-\xff]/.test(c));
  if (index === -1) return null;
  const c = chars[index] as string;
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const what = c === '\n' ? 'a line break' : c === '\r' ? 'a carriage return' : (c.codePointAt(0) ?? 0) <= 0xff ? `a control character (${code})` : `a character outside Latin-1 (${code})`;
  return `${what} at character ${index + 1} of ${chars.length}`;
}
