import { DEFAULT_CONFLICT_KINDS, DEFAULT_SHARED_FILES, OVERLAP_KINDS } from '@nx-tickets/core';
import { describe, expect, test } from 'vitest';
import { configSchema, type ResolvedConfig } from './config-schema.js';
import { toPlanningOptions } from './to-planning-options.js';

const config = (input: object = {}): ResolvedConfig => ({ ...configSchema.parse(input), baseBranch: 'main' });
const today = '2025-03-14';

describe('toPlanningOptions', () => {
  test('maps automatic conflict resolution to the default conflict kinds and strict to every kind', () => {
    expect(toPlanningOptions(config(), { today }).conflictKinds).toEqual(DEFAULT_CONFLICT_KINDS);
    expect(toPlanningOptions(config({ parallel_execution: { conflict_resolution: 'strict' } }), { today }).conflictKinds).toEqual([...OVERLAP_KINDS]);
  });

  test('orders tickets by dependsOn links only when auto_coordinate is off', () => {
    expect(toPlanningOptions(config({ parallel_execution: { auto_coordinate: false } }), { today }).conflictKinds).toEqual(['link']);
  });

  test('lets CLI overrides win over the config', () => {
    const options = toPlanningOptions(config({ parallel_execution: { max_threads: 4 } }), { base: 'release', maxThreads: 7, today });
    expect([options.base, options.maxThreads, options.today]).toEqual(['release', 7, today]);
  });

  test('plans on one thread when parallel execution is disabled', () => {
    expect(toPlanningOptions(config({ parallel_execution: { enabled: false, max_threads: 4 } }), { today }).maxThreads).toBe(1);
  });

  test('adds configured shared files to the defaults and converts estimates with the working day', () => {
    const options = toPlanningOptions(config({ sharedFiles: ['tools/shared/**', 'nx.json'], estimates: { default: '1d', hoursPerDay: 6 }, resources: { database: 1 } }), { today });
    expect(options.sharedFiles).toEqual([...DEFAULT_SHARED_FILES, 'tools/shared/**']);
    expect([options.defaultEstimateMinutes, options.minutesPerDay, options.resources]).toEqual([360, 360, { database: 1 }]);
  });

  test('rejects invalid overrides with the flag name', () => {
    expect(() => toPlanningOptions(config(), { maxThreads: 0, base: '-x', today: 'tomorrow' })).toThrowErrorMatchingInlineSnapshot(`
      [ValidationError: Invalid options:
        - --max-threads: expected a positive integer, got 0
        - --base: expected a branch name, got "-x"
        - today: expected a date as YYYY-MM-DD, got "tomorrow"]
    `);
  });
});
