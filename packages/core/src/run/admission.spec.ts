import { describe, expect, test } from 'vitest';
import { checkAdmission, type SystemLoad } from './admission.js';

const idle: SystemLoad = { cpuPercent: 10, freeMemoryMb: 16_384, totalMemoryMb: 32_768, diskIoMbPerSecond: 5 };

describe('checkAdmission', () => {
  test('admits everything when no limit is set', () => {
    expect(checkAdmission({ ...idle, cpuPercent: 100, freeMemoryMb: 0, diskIoMbPerSecond: 900 }, {}, 99_999, 4096)).toEqual({ admit: true });
  });

  test('admits when every limit holds', () => {
    expect(checkAdmission(idle, { maxCpuPercent: 80, maxRamGb: 8, maxDiskIoMbPerSecond: 100 }, 2048, 1024)).toEqual({ admit: true });
  });

  test('waits while cpu is above the limit', () => {
    expect(checkAdmission({ ...idle, cpuPercent: 86.3 }, { maxCpuPercent: 80 }, 0)).toEqual({ admit: false, reason: 'cpu 86% > 80%' });
  });

  test('shows a decimal when rounding would hide the excess', () => {
    expect(checkAdmission({ ...idle, cpuPercent: 80.4 }, { maxCpuPercent: 80 }, 0)).toEqual({ admit: false, reason: 'cpu 80.4% > 80%' });
  });

  test('waits while free memory is below what the ticket needs', () => {
    const load = { ...idle, freeMemoryMb: 1.2 * 1024 };
    expect(checkAdmission(load, { maxRamGb: 8 }, 0, 2048)).toEqual({ admit: false, reason: 'memory 1.2 GiB free < 2 GiB needed' });
    expect(checkAdmission({ ...idle, freeMemoryMb: 300 }, { maxRamGb: 8 }, 0, 512)).toEqual({ admit: false, reason: 'memory 300 MiB free < 512 MiB needed' });
  });

  test('waits while the run would exceed its memory budget', () => {
    expect(checkAdmission(idle, { maxRamGb: 4 }, 3.5 * 1024, 1024)).toEqual({ admit: false, reason: 'memory 3.5 GiB used + 1 GiB needed > 4 GiB max' });
    expect(checkAdmission(idle, { maxRamGb: 4 }, 3 * 1024, 1024)).toEqual({ admit: true });
  });

  test('waits while disk io is above the limit', () => {
    expect(checkAdmission({ ...idle, diskIoMbPerSecond: 120.2 }, { maxDiskIoMbPerSecond: 100 }, 0)).toEqual({ admit: false, reason: 'disk io 120 MB/s > 100 MB/s' });
  });

  test('lists every exceeded limit', () => {
    const load = { ...idle, cpuPercent: 95, diskIoMbPerSecond: 300 };
    expect(checkAdmission(load, { maxCpuPercent: 80, maxRamGb: 64, maxDiskIoMbPerSecond: 100 }, 0)).toEqual({
      admit: false,
      reason: 'cpu 95% > 80%, disk io 300 MB/s > 100 MB/s',
    });
  });
});
