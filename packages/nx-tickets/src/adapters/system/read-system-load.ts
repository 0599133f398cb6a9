import { readFile } from 'node:fs/promises';
import { cpus, freemem, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SystemLoad } from '@nx-tickets/core';
import { parseDiskstats, parseMeminfo, parseProcStat, type CpuTimes } from './parse-proc-load.js';

/** Reads the machine's load; rates (CPU, disk) cover the time since the previous `sample()`. */
export interface SystemLoadSampler {
  /** One reading. Never rejects: a file it cannot read counts as "no information" (0 disk io). */
  sample(): Promise<SystemLoad>;
}

interface Counters {
  cpu: CpuTimes;
  diskBytes: number | undefined;
  atMs: number;
}

/**
 * A sampler reading `/proc/stat`, `/proc/meminfo` and `/proc/diskstats` (Linux). Elsewhere it falls
 * back to `os.cpus()` times and `os.freemem()`, and reports 0 disk io.
 *
 * The first `sample()` has no previous reading, so it takes one and waits `firstWindowMs` (default
 * 250 ms) before measuring; later calls return at once.
 */
export function createSystemLoadSampler(options: { firstWindowMs?: number } = {}): SystemLoadSampler {
  let previous: Counters | undefined;
  return {
    async sample() {
      if (previous === undefined) {
        previous = await readCounters();
        await sleep(options.firstWindowMs ?? 250);
      }
      const [current, memory] = await Promise.all([readCounters(), readMemory()]);
      const since = previous;
      previous = current;
      const busy = current.cpu.busy - since.cpu.busy;
      const total = current.cpu.total - since.cpu.total;
      const seconds = (current.atMs - since.atMs) / 1000;
      const diskBytes = current.diskBytes !== undefined && since.diskBytes !== undefined ? current.diskBytes - since.diskBytes : 0;
      return {
        cpuPercent: total > 0 ? clamp((busy / total) * 100, 0, 100) : 0,
        freeMemoryMb: memory.availableMb,
        totalMemoryMb: memory.totalMb,
        diskIoMbPerSecond: seconds > 0 ? Math.max(0, diskBytes) / 1024 / 1024 / seconds : 0,
      };
    },
  };
}

async function readCounters(): Promise<Counters> {
  const [stat, diskstats] = await Promise.all([readOptional('/proc/stat'), readOptional('/proc/diskstats')]);
  return {
    cpu: (stat === undefined ? undefined : parseProcStat(stat)) ?? cpuTimesFromOs(),
    diskBytes: diskstats === undefined ? undefined : parseDiskstats(diskstats),
    atMs: performance.now(),
  };
}

async function readMemory(): Promise<{ totalMb: number; availableMb: number }> {
  const meminfo = await readOptional('/proc/meminfo');
  return (meminfo === undefined ? undefined : parseMeminfo(meminfo)) ?? { totalMb: totalmem() / 1024 / 1024, availableMb: freemem() / 1024 / 1024 };
}

function cpuTimesFromOs(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
