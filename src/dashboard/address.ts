/**
 * Where the dashboard listens, from `--dashboard [PORT]` / `--dashboard HOST:PORT` or
 * LOADSPEC_DASHBOARD (`1` for the default port, or the same values as the flag). Loopback
 * only unless a host is written out: a dashboard can stop the run.
 */
import { DASHBOARD_DEFAULTS } from '../core/defaults.ts';

export interface DashboardAddress {
  host: string;
  port: number;
}

export type AddressRead = { ok: true; address: DashboardAddress } | { ok: false; message: string };

const HINT = 'write a port (--dashboard 8089, 0 for any free one) or HOST:PORT (--dashboard 0.0.0.0:8089 to be reached from other machines)';

/** `true` is the flag without a value. */
export function readDashboardAddress(value: string | true, where = '--dashboard'): AddressRead {
  if (value === true) return { ok: true, address: { ...DASHBOARD_DEFAULTS } };
  const written = value.trim();
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(written);
  const port = Number(match?.[2]);
  // `--dashboard configs/smoke.yml` hands the file to the flag: say so rather than "not a port".
  if (/\.ya?ml$/i.test(written)) return { ok: false, message: `${where} took "${value}" as its port; put --dashboard after the scenario files or give it a port (--dashboard 8089 ${value})` };
  if (!match || !Number.isInteger(port) || port > 65535) return { ok: false, message: `${where} "${value}" is not a port; ${HINT}` };
  const host = match[1]?.replace(/^\[|\]$/g, '') ?? DASHBOARD_DEFAULTS.host;
  return { ok: true, address: { host, port } };
}

/** The address LOADSPEC_DASHBOARD asks for; null when it is unset, empty or `0`. */
export function dashboardFromEnvironment(env: NodeJS.ProcessEnv): AddressRead | null {
  const value = env['LOADSPEC_DASHBOARD']?.trim();
  if (value === undefined || value === '' || value === '0' || value.toLowerCase() === 'false') return null;
  if (value === '1' || value.toLowerCase() === 'true') return readDashboardAddress(true);
  return readDashboardAddress(value, 'LOADSPEC_DASHBOARD');
}
