import { totalmem } from 'node:os';
import { describe, expect, test } from 'vitest';
import { parseDiskstats, parseMeminfo, parseProcStat } from './parse-proc-load.js';
import { createSystemLoadSampler } from './read-system-load.js';

describe('createSystemLoadSampler', () => {
  test('reads a sane sample from the running machine', async () => {
    const sampler = createSystemLoadSampler({ firstWindowMs: 100 });
    const first = await sampler.sample();
    const end = Date.now() + 150;
    while (Date.now() < end); // keep one core busy so the second window sees CPU use
    const second = await sampler.sample();
    for (const load of [first, second]) {
      expect(load.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(load.cpuPercent).toBeLessThanOrEqual(100);
      expect(load.totalMemoryMb).toBeCloseTo(totalmem() / 1024 / 1024, -2);
      expect(load.freeMemoryMb).toBeGreaterThan(0);
      expect(load.freeMemoryMb).toBeLessThanOrEqual(load.totalMemoryMb);
      expect(load.diskIoMbPerSecond).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(load.diskIoMbPerSecond)).toBe(true);
    }
    expect(second.cpuPercent).toBeGreaterThan(0);
  });
});

describe('parseProcStat', () => {
  test('counts iowait as idle and leaves guest time out of the total', () => {
    expect(parseProcStat('cpu  100 10 50 800 40 0 0 0 30 0\ncpu0 1 2 3 4\n')).toEqual({ busy: 160, total: 1000 });
    expect(parseProcStat('intr 1 2 3\n')).toBeUndefined();
  });
});

describe('parseMeminfo', () => {
  test('reads MemAvailable, or estimates it on old kernels', () => {
    expect(parseMeminfo('MemTotal:       2097152 kB\nMemFree:  1024 kB\nMemAvailable:   1048576 kB\n')).toEqual({ totalMb: 2048, availableMb: 1024 });
    expect(parseMeminfo('MemTotal: 2097152 kB\nMemFree: 102400 kB\nBuffers: 1024 kB\nCached: 1024 kB\n')).toEqual({ totalMb: 2048, availableMb: 102 });
  });
});

describe('parseDiskstats', () => {
  test('sums whole disks only, skipping partitions and virtual devices', () => {
    const text = [
      '   7       0 loop0 9 0 9999 0 0 0 9999 0 0 0 0',
      ' 259       0 nvme0n1 1 0 100 0 1 0 300 0 0 0 0',
      ' 259       1 nvme0n1p1 1 0 100 0 1 0 300 0 0 0 0',
      '   8       0 sda 1 0 10 0 1 0 20 0 0 0 0',
      '   8       1 sda1 1 0 10 0 1 0 20 0 0 0 0',
      '  65     160 sdaa 1 0 1 0 1 0 1 0 0 0 0',
      ' 253       0 dm-0 1 0 500 0 1 0 500 0 0 0 0',
    ].join('\n');
    expect(parseDiskstats(text)).toBe((100 + 300 + 10 + 20 + 1 + 1) * 512);
  });
});
