import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createProcSystemSampler, parseDiskstats, parseMeminfo, parseNetDev, parseProcStat } from '../../src/monitor/system-sampler.ts';

const MEMINFO = 'MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n';
const NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 1048576    10    0    0    0     0          0         0  1048576    10    0    0    0     0       0          0
  eth0: 2097152    20    0    0    0     0          0         0  3145728    30    0    0    0     0       0          0
`;
const DISKSTATS = [
  '   7       0 loop0 100 0 2048 0 0 0 2048 0 0 0 0',
  ' 254       0 vda 10 0 2048 5 7 0 4096 3 0 8 8',
  ' 254       1 vda1 10 0 2048 5 7 0 4096 3 0 8 8',
  ' 253       0 dm-0 10 0 2048 5 7 0 4096 3 0 8 8',
  ' 259       0 nvme0n1 1 0 2048 0 1 0 2048 0 0 0 0',
  ' 259       1 nvme0n1p1 1 0 2048 0 1 0 2048 0 0 0 0',
].join('\n');

function fakeProc(cpuLine: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'loadspec-proc-'));
  mkdirSync(path.join(root, 'net'));
  writeFileSync(path.join(root, 'stat'), `${cpuLine}\ncpu0 1 2 3 4\n`);
  writeFileSync(path.join(root, 'meminfo'), MEMINFO);
  writeFileSync(path.join(root, 'diskstats'), DISKSTATS);
  writeFileSync(path.join(root, 'net', 'dev'), NETDEV);
  return root;
}

describe('system sampler', () => {
  it('reads busy and total CPU time, leaving idle and iowait out of busy', () => {
    assert.deepEqual(parseProcStat('cpu  100 0 50 800 50 0 0 0 0 0\n'), { busy: 150, total: 1000 });
    assert.equal(parseProcStat('garbage'), null);
  });

  it('takes used memory as total minus available', () => {
    assert.deepEqual(parseMeminfo(MEMINFO), { totalBytes: 8000000 * 1024, availableBytes: 6000000 * 1024 });
    assert.equal(parseMeminfo('nothing here'), null);
  });

  it('counts whole disks only, not loop devices, partitions or device-mapper volumes', () => {
    // vda 2048 + nvme0n1 2048 sectors read; 4096 + 2048 written; 512-byte sectors.
    assert.deepEqual(parseDiskstats(DISKSTATS), { readBytes: 4096 * 512, writeBytes: 6144 * 512 });
  });

  it('sums network traffic over every interface, loopback included', () => {
    assert.deepEqual(parseNetDev(NETDEV), { recvBytes: 3 * 1048576, sentBytes: 4 * 1048576 });
  });

  it('reports CPU % between samples and traffic since it started', async () => {
    const root = fakeProc('cpu  100 0 0 900 0 0 0 0 0 0');
    try {
      const sampler = createProcSystemSampler(root);
      await sampler.ready;
      writeFileSync(path.join(root, 'stat'), 'cpu  175 0 0 925 0 0 0 0 0 0\n');
      writeFileSync(path.join(root, 'net', 'dev'), NETDEV.replace('2097152', String(2097152 + 5 * 1048576)));
      const { values, warning } = await sampler.sample();
      assert.equal(warning, undefined);
      assert.equal(values.cpuPercent, 75);
      assert.equal(values.memoryMb, Math.round((2000000 / 1024) * 10) / 10);
      assert.equal(values.memoryPercent, 25);
      assert.equal(values.networkRecvMb, 5);
      assert.equal(values.networkSentMb, 0);
      assert.equal(values.diskReadMb, 0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gives a warning and empty columns when the counters cannot be read', async () => {
    const sampler = createProcSystemSampler('/nonexistent-proc');
    const { values, warning } = await sampler.sample();
    assert.deepEqual(values, {});
    assert.match(warning?.message ?? '', /CPU, memory, disk and network columns are empty/);
  });

  it('reads this machine with plausible values', async () => {
    const sampler = createProcSystemSampler();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { values } = await sampler.sample();
    assert.ok(values.memoryMb !== null && values.memoryMb !== undefined && values.memoryMb > 0);
    assert.ok(values.memoryPercent !== undefined && values.memoryPercent !== null && values.memoryPercent > 0 && values.memoryPercent <= 100);
    assert.ok(values.cpuPercent === null || (values.cpuPercent !== undefined && values.cpuPercent >= 0 && values.cpuPercent <= 100));
  });
});
