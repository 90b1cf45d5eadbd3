/**
 * This machine on systems without /proc (macOS, Windows), through systeminformation.
 * Costlier than /proc (~2.5 ms per sample, some calls spawn commands) but portable.
 */
import si from 'systeminformation';
import { describeError } from './describe-error.ts';
import type { Sampler, SamplerResult } from './types.ts';

const MB = 1024 * 1024;

interface Traffic {
  diskRead: number | null;
  diskWrite: number | null;
  sent: number;
  recv: number;
}

async function readTraffic(): Promise<Traffic> {
  const [fs, net] = await Promise.all([si.fsStats().catch(() => null), si.networkStats('*')]);
  let sent = 0;
  let recv = 0;
  for (const iface of net) {
    sent += iface.tx_bytes;
    recv += iface.rx_bytes;
  }
  // fsStats is not available on Windows (null fields); the disk columns stay empty there.
  return { diskRead: fs?.rx ?? null, diskWrite: fs?.wx ?? null, sent, recv };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const since = (now: number | null, base: number | null): number | null =>
  now === null || base === null ? null : round2((now - base) / MB);

export function createPortableSystemSampler(): Sampler {
  // currentLoad() measures since its previous call: prime it so the first sample covers one interval.
  const baseline = Promise.all([readTraffic(), si.currentLoad()]).then(([traffic]) => traffic, () => null);
  return {
    async sample(): Promise<SamplerResult> {
      try {
        const base = await baseline;
        const [load, mem, traffic] = await Promise.all([si.currentLoad(), si.mem(), readTraffic()]);
        const used = mem.total - mem.available;
        return {
          values: {
            cpuPercent: round1(load.currentLoad),
            memoryMb: round1(used / MB),
            memoryPercent: round1((used / mem.total) * 100),
            diskReadMb: since(traffic.diskRead, base?.diskRead ?? null),
            diskWriteMb: since(traffic.diskWrite, base?.diskWrite ?? null),
            networkSentMb: since(traffic.sent, base?.sent ?? null),
            networkRecvMb: since(traffic.recv, base?.recv ?? null),
          },
        };
      } catch (error) {
        return {
          values: {},
          warning: { source: 'system', message: `cannot read this machine's counters (${describeError(error)}): CPU, memory, disk and network columns are empty` },
        };
      }
    },
  };
}
