/**
 * Everything checked before any load is sent: the target (or the bundled demo
 * target when none is given), the API key the scenario needs, and the target's
 * health. A failure is one sentence and no load at all.
 */
import { randomBytes } from 'node:crypto';
import { startDemoTarget } from '../target/server.ts';
import type { DemoTarget } from '../target/server.ts';
import { parseDurationMs } from '../config/durations.ts';
import { checkHealth } from './health-check.ts';
import { describeBadTarget } from './target-url.ts';
import type { ScenarioScript } from './resolve-script.ts';

export type Preflight =
  | { ok: true; target: string; apiKey: string | undefined; apiKeyEnv: string; healthUrl: string; demo: DemoTarget | null }
  | { ok: false; reason: string };

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
  const explicitTarget = options.target ?? options.env.TARGET_URL ?? script.config?.target;
  if (explicitTarget !== undefined) {
    const bad = describeBadTarget(explicitTarget, targetSource(options));
    if (bad) return { ok: false, reason: bad };
  }

  const apiKeyPlugin = script.config?.plugins?.['api-key'];
  const apiKeyEnv = apiKeyPlugin?.env ?? 'LOADSPEC_API_KEY';
  let apiKey = apiKeyPlugin ? options.env[apiKeyEnv] : undefined;
  if (explicitTarget !== undefined && apiKeyPlugin && !apiKey) {
    return {
      ok: false,
      reason: `the API key variable ${apiKeyEnv} is not set, so requests would go out without the ${apiKeyPlugin.header ?? 'X-API-Key'} header; set it (export ${apiKeyEnv}=...) or remove config.plugins.api-key from ${configFile}`,
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
  const healthUrl = new URL(health.path ?? '/health', target).toString();
  const healthy = await checkHealth({
    url: healthUrl,
    timeoutMs: parseDurationMs(health.timeout ?? '2s') ?? 2000,
    retries: health.retries ?? 3,
  });
  if (!healthy.healthy) {
    await demo?.stop();
    return { ok: false, reason: healthy.reason };
  }
  return { ok: true, target, apiKey, apiKeyEnv, healthUrl, demo };
}
