/** What the machine is doing right now, as read by the system-load adapter. */
export interface SystemLoad {
  /** CPU busy time of all cores since the previous sample, percent (0–100). */
  cpuPercent: number;
  /** Memory available to new work (`MemAvailable`), MiB. */
  freeMemoryMb: number;
  /** Installed memory, MiB. */
  totalMemoryMb: number;
  /** Bytes read plus written on all block devices since the previous sample, MiB per second. */
  diskIoMbPerSecond: number;
}

/**
 * `parallel_execution.resource_limits` in nx.json. Each limit is off when absent.
 *
 * `maxRamGb` is the most memory the whole run may use, GiB. A ticket may start only when the machine
 * has at least the ticket's memory free, and when what the run's tickets already use plus the
 * ticket's memory stays within `maxRamGb`.
 */
export interface AdmissionLimits {
  /** Start nothing while system CPU use is above this, percent. */
  maxCpuPercent?: number;
  /** Memory budget of the run, GiB (see above). */
  maxRamGb?: number;
  /** Start nothing while disk reads plus writes are above this, MiB per second. */
  maxDiskIoMbPerSecond?: number;
}

/** `{ admit: true }`, or why not, e.g. `cpu 86% > 80%` (shown as "waiting: cpu 86% > 80%"). */
export type Admission = { admit: true } | { admit: false; reason: string };

/**
 * Decides whether one more ticket may start now under `limits`. Pure.
 *
 * @param load the latest system sample.
 * @param usedByRunMb memory the run's running tickets use now (or have reserved), MiB.
 * @param neededMb memory the next ticket needs (its `memoryMb`), MiB; 0 when it declares none, so
 *   then only the budget already used counts. The memory checks apply only when `maxRamGb` is set.
 * @returns every limit that is exceeded, joined with `, ` (`cpu 86% > 80%, disk io 120 MB/s > 100 MB/s`).
 */
export function checkAdmission(load: SystemLoad, limits: AdmissionLimits, usedByRunMb: number, neededMb = 0): Admission {
  const reasons: string[] = [];
  const { maxCpuPercent, maxRamGb, maxDiskIoMbPerSecond } = limits;
  if (maxCpuPercent !== undefined && load.cpuPercent > maxCpuPercent) {
    const [value, limit] = formatPair(load.cpuPercent, maxCpuPercent);
    reasons.push(`cpu ${value}% > ${limit}%`);
  }
  if (maxRamGb !== undefined) {
    const budgetMb = maxRamGb * 1024;
    if (load.freeMemoryMb < neededMb) {
      reasons.push(`memory ${formatGib(load.freeMemoryMb)} free < ${formatGib(neededMb)} needed`);
    } else if (usedByRunMb + neededMb > budgetMb) {
      reasons.push(`memory ${formatGib(usedByRunMb)} used + ${formatGib(neededMb)} needed > ${formatGib(budgetMb)} max`);
    }
  }
  if (maxDiskIoMbPerSecond !== undefined && load.diskIoMbPerSecond > maxDiskIoMbPerSecond) {
    const [value, limit] = formatPair(load.diskIoMbPerSecond, maxDiskIoMbPerSecond);
    reasons.push(`disk io ${value} MB/s > ${limit} MB/s`);
  }
  return reasons.length === 0 ? { admit: true } : { admit: false, reason: reasons.join(', ') };
}

/** Whole numbers, or one decimal when rounding would make a value above its limit look equal to it. */
function formatPair(value: number, limit: number): [string, string] {
  const digits = Math.round(value) > Math.round(limit) ? 0 : 1;
  return [trim(value.toFixed(digits)), trim(limit.toFixed(digits))];
}

/** MiB → `1.2 GiB`, `2 GiB`, `512 MiB` below 1 GiB. */
function formatGib(mb: number): string {
  return mb < 1024 ? `${Math.round(mb)} MiB` : `${trim((mb / 1024).toFixed(1))} GiB`;
}

function trim(number: string): string {
  return number.replace(/\.0$/, '');
}
