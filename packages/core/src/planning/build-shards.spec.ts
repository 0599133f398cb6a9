import { describe, expect, test } from 'vitest';
import { formatGithubMatrix } from '../format/format-github-matrix.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { buildPlan } from './build-plan.js';
import { buildShards } from './build-shards.js';

const plan = buildPlan({
  tickets: [
    ticket('A-1', { files: ['libs/auth/src/login.ts'], estimateMinutes: 60 }),
    ticket('A-2', { files: ['libs/auth/src/login.ts'], estimateMinutes: 60 }), // file conflict with A-1
    ticket('A-3', { files: ['libs/ui/README.md'], dependsOn: ['A-2'], estimateMinutes: 30 }), // chained through A-2
    ticket('A-4', { files: ['apps/admin/src/main.ts'], estimateMinutes: 90 }),
    ticket('A-5', { files: ['libs/avatar/src/index.ts'], estimateMinutes: 60 }),
    ticket('A-6', { files: ['libs/ui/src/button.tsx'], estimateMinutes: 30 }),
  ],
  workspace: workspace(),
  options: options(),
});

describe('buildShards', () => {
  test('keeps conflicting and dependent tickets in one shard and balances the rest by estimate', () => {
    const { shards, warnings } = buildShards(plan, 3);
    expect(shards.map((s) => [s.keys.slice().sort(), s.estimateMinutes])).toEqual([
      [['A-1', 'A-2', 'A-3'], 150],
      [['A-4'], 90],
      [['A-5', 'A-6'], 90],
    ]);
    expect(shards[0]?.keys).toEqual(plan.order.filter((k) => ['A-1', 'A-2', 'A-3'].includes(k)));
    expect(warnings).toEqual([]);
  });

  test('never makes an empty shard and puts everything in one when asked for one', () => {
    expect(buildShards(plan, 10).shards).toHaveLength(4);
    expect(buildShards(plan, 1).shards.map((s) => s.keys)).toEqual([plan.order]);
  });

  test('prints the matrix as one line of JSON for $GITHUB_OUTPUT', () => {
    const text = formatGithubMatrix(buildShards(plan, 2));
    expect(text.endsWith('\n') && !text.slice(0, -1).includes('\n')).toBe(true);
    const matrix = JSON.parse(text) as { include: Array<{ shard: number; total: number; tickets: string; estimateMinutes: number }> };
    expect(matrix.include.map((e) => [e.shard, e.total, e.estimateMinutes])).toEqual([[1, 2, 180], [2, 2, 150]]);
    expect(matrix.include[1]?.tickets.split(' ').sort()).toEqual(['A-4', 'A-5']);
  });
});
