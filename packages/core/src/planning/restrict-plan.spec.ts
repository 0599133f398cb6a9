import { describe, expect, test } from 'vitest';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { buildPlan } from './build-plan.js';
import { buildShards } from './build-shards.js';
import { restrictPlan } from './restrict-plan.js';

const plan = buildPlan({
  tickets: [
    ticket('A-1', { files: ['libs/auth/src/login.ts'], estimateMinutes: 60 }),
    ticket('A-2', { files: ['libs/auth/src/login.ts'], estimateMinutes: 60 }),
    ticket('A-3', { files: ['libs/ui/README.md'], dependsOn: ['A-2'], estimateMinutes: 30 }),
    ticket('A-4', { files: ['apps/admin/src/main.ts'], estimateMinutes: 90 }),
  ],
  workspace: workspace(),
  options: options(),
});

describe('restrictPlan', () => {
  test('keeps only the tickets of one shard, the overlaps between them and their order', () => {
    const shard = buildShards(plan, 2).shards.find((s) => s.keys.includes('A-1'));
    const part = restrictPlan(plan, shard?.keys ?? []);
    expect(part.order).toEqual(['A-1', 'A-2', 'A-3'].filter((k) => plan.order.includes(k)).sort((a, b) => plan.order.indexOf(a) - plan.order.indexOf(b)));
    expect(part.tickets.map((t) => t.key).sort()).toEqual(['A-1', 'A-2', 'A-3']);
    expect(part.overlaps.every((o) => o.tickets.every((k) => k !== 'A-4'))).toBe(true);
    expect(part.overlaps.some((o) => o.conflict)).toBe(true);
    expect(part.batches.flat().sort()).toEqual(['A-1', 'A-2', 'A-3']);
    expect(part.estimate.sequentialMinutes).toBe(150);
  });

  test('gives the same shards again for the shard count the matrix printed', () => {
    const printed = buildShards(plan, 8).shards;
    expect(buildShards(plan, printed.length).shards).toEqual(printed);
  });

  test('is empty for no keys', () => {
    const part = restrictPlan(plan, []);
    expect([part.order, part.tickets, part.overlaps, part.batches, part.schedule]).toEqual([[], [], [], [], []]);
    expect(part.estimate.parallelMinutes).toBe(0);
  });
});
