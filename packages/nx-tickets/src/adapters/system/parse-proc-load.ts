/** CPU time counters from the `cpu` line of `/proc/stat`, in clock ticks since boot. */
export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * Reads the aggregate `cpu` line of `/proc/stat`. Idle is `idle + iowait`; `guest` and `guest_nice`
 * are left out of the total because the kernel already counts them in `user` and `nice`.
 *
 * @returns `undefined` when the line is missing or malformed.
 */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith('cpu '));
  const fields = line?.trim().split(/\s+/).slice(1, 9).map(Number) ?? [];
  if (fields.length < 4 || fields.some((field) => !Number.isFinite(field))) return undefined;
  const total = fields.reduce((sum, field) => sum + field, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Reads `MemTotal` and `MemAvailable` from `/proc/meminfo`, in MiB. Kernels older than 3.14 have no
 * `MemAvailable`; then free + buffers + page cache is the estimate.
 *
 * @returns `undefined` when `MemTotal` is missing.
 */
export function parseMeminfo(text: string): { totalMb: number; availableMb: number } | undefined {
  const kib = new Map<string, number>();
  for (const match of text.matchAll(/^(\w+):\s+(\d+)\s*kB$/gm)) kib.set(match[1] ?? '', Number(match[2]));
  const total = kib.get('MemTotal');
  if (total === undefined) return undefined;
  const available = kib.get('MemAvailable') ?? (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return { totalMb: total / 1024, availableMb: available / 1024 };
}

/** Devices layered on others (or on memory): counting them would count the same bytes twice. */
const VIRTUAL_DEVICE = /^(loop|ram|zram|dm-|md|sr|fd)/;

/**
 * Sums sectors read and written (always 512-byte units in this file) over the whole block devices of
 * `/proc/diskstats`, in bytes. Partitions are skipped when their disk is listed (`sda1` beside `sda`,
 * `nvme0n1p1` beside `nvme0n1`), and so are virtual devices (loop, device-mapper, md, zram).
 */
export function parseDiskstats(text: string): number {
  const rows = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 10 && fields[2] !== undefined && !VIRTUAL_DEVICE.test(fields[2]));
  const names = rows.map((fields) => fields[2] ?? '');
  let sectors = 0;
  for (const fields of rows) {
    const name = fields[2] ?? '';
    if (names.some((disk) => isPartitionOf(name, disk))) continue;
    const read = Number(fields[5]);
    const written = Number(fields[9]);
    if (Number.isFinite(read) && Number.isFinite(written)) sectors += read + written;
  }
  return sectors * 512;
}

/** `sda1` of `sda`; `nvme0n1p1` of `nvme0n1` (a disk name ending in a digit takes a `p`). */
function isPartitionOf(name: string, disk: string): boolean {
  if (!name.startsWith(disk) || name === disk) return false;
  const rest = name.slice(disk.length);
  return /\d$/.test(disk) ? /^p\d+$/.test(rest) : /^\d+$/.test(rest);
}
