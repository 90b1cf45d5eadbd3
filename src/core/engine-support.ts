/**
 * What loadspec's undici engine (plugins/artillery-engine-loadspec) does not run yet, as the reason a scenario stays on Artillery's `http`
 * engine. loadspec's runner asks before it hands a scenario over, and says the reason in
 * `plan` and at the start of the run.
 */
import { isRecord } from './is-record.ts';

/** Step keys that only Artillery's engine understands, with the reason given for each. */
const STEP_KEYS: Record<string, string> = {
  formData: 'a request sends `formData` (multipart uploads)',
  setContentLengthHeader: 'a request sets `setContentLengthHeader` (multipart uploads)',
  https: 'a request sets `https` options',
  agent: 'a request sets its own `agent`',
};

/** TLS options this engine applies; any other `config.tls` option needs Artillery's engine. */
const TLS_OPTIONS = new Set(['rejectUnauthorized']);

function findStepKey(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findStepKey(item);
      if (found !== null) return found;
    }
    return null;
  }
  if (!isRecord(node)) return null;
  for (const [key, value] of Object.entries(node)) {
    if (STEP_KEYS[key] !== undefined && value !== undefined && value !== false) return STEP_KEYS[key];
    const found = findStepKey(value);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Why `scenario` (under `config`) cannot run on this engine, or null when it can.
 * `env` is the environment Artillery will run in (its proxies are got's).
 */
export function whyNotThisEngine(scenario: Record<string, unknown>, config: Record<string, unknown>, env: NodeJS.ProcessEnv): string | null {
  const http = isRecord(config['http']) ? config['http'] : {};
  if (http['extendedMetrics'] === true) return '`config.http.extendedMetrics` asks for got\'s DNS/TCP/TLS histograms';
  if (http['distributedTracing'] !== undefined && http['distributedTracing'] !== false) return '`config.http.distributedTracing` is set';
  const tls = isRecord(config['tls']) ? Object.keys(config['tls']).filter((k) => !TLS_OPTIONS.has(k)) : [];
  if (tls.length > 0) return `\`config.tls.${tls[0]}\` is set (only rejectUnauthorized is supported)`;
  if (env['HTTP_PROXY'] || env['HTTPS_PROXY']) return 'HTTP_PROXY/HTTPS_PROXY is set';
  return findStepKey(scenario['flow']);
}
