/**
 * The load generator's CPU and memory, from /proc/<pid>. Artillery's workers are threads
 * of its one process, so the process's counters include them: 100% = one core busy.
 */
import { readFile } from 'node:fs/promises';
import { describeError } from './describe-error.ts';
import type { Sampler, SamplerResult } from './types.ts';

/** USER_HZ: the unit of /proc/<pid>/stat times, fixed at 100 by the Linux ABI on every architecture we run on. */
const TICKS_PER_SECOND = 100;

/** utime + stime in seconds; the command name may hold spaces and parentheses, so fields count from its last `)`. */
export function parseProcessCpuSeconds(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5); index 0 here is field 3 (state).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return (utime + stime) / TICKS_PER_SECOND;
}

export function parseRssMb(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match?.[1] ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
}

interface CpuReading {
  cpuSeconds: number;
  at: number;
}

export function createProcessSampler(pid: number, procRoot = '/proc'): Sampler {
  let previous: CpuReading | null = null;
  let seen = false;
  const read = async (): Promise<{ cpu: CpuReading; rssMb: number | null }> => {
    const [stat, status] = await Promise.all([
      readFile(`${procRoot}/${pid}/stat`, 'utf8'),
      readFile(`${procRoot}/${pid}/status`, 'utf8'),
    ]);
    const cpuSeconds = parseProcessCpuSeconds(stat);
    if (cpuSeconds === null) throw new Error(`${procRoot}/${pid}/stat has an unexpected format`);
    return { cpu: { cpuSeconds, at: performance.now() }, rssMb: parseRssMb(status) };
  };
  const primed = read().then(
    (r) => {
      previous = r.cpu;
      seen = true;
    },
    () => undefined,
  );
  return {
    async sample(): Promise<SamplerResult> {
      await primed;
      try {
        const { cpu, rssMb } = await read();
        seen = true;
        const prev = previous;
        previous = cpu;
        const elapsedS = prev ? (cpu.at - prev.at) / 1000 : 0;
        const cpuPercent = prev && elapsedS > 0 ? Math.round(((cpu.cpuSeconds - prev.cpuSeconds) / elapsedS) * 1000) / 10 : null;
        return { values: { generatorCpuPercent: cpuPercent, generatorMemoryMb: rssMb } };
      } catch (error) {
        previous = null;
        // A generator that has finished is expected at the end of a run; a pid never seen is a mistake.
        if (seen) return { values: {} };
        return {
          values: {},
          warning: { source: 'generator', message: `cannot read process ${pid} (${describeError(error)}): generator CPU and memory columns are empty` },
        };
      }
    },
  };
}
