import type { AdmissionLimits } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/index.js';

/** `max_disk_io` levels, MiB per second. */
export const DISK_IO_LEVELS: Record<string, number | undefined> = { low: 25, medium: 100, moderate: 100, high: 400, unlimited: undefined };

/** `parallel_execution.resource_limits` as admission limits (levels of `max_disk_io` mapped to MiB/s). */
export function toAdmissionLimits(config: ResolvedConfig): AdmissionLimits {
  const limits = config.parallel_execution.resource_limits;
  const disk = typeof limits.max_disk_io === 'string' ? DISK_IO_LEVELS[limits.max_disk_io] : limits.max_disk_io;
  return {
    ...(limits.max_cpu_percent === undefined ? {} : { maxCpuPercent: limits.max_cpu_percent }),
    ...(limits.max_ram_gb === undefined ? {} : { maxRamGb: limits.max_ram_gb }),
    ...(disk === undefined ? {} : { maxDiskIoMbPerSecond: disk }),
  };
}
