import stringWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import { buildPlan } from '../planning/build-plan.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { formatPlanText } from './format-plan.js';

describe('formatPlanText', () => {
  test('explains tickets, conflicts, batches and the estimate', () => {
    const plan = buildPlan({
      tickets: [
        ticket('PROJ-123', { title: 'Add user avatar upload', files: ['apps/web/src/UserProfile.tsx', 'libs/avatar/src/avatar-service.ts'], estimateMinutes: 120 }),
        ticket('PROJ-124', { title: 'Fix login redirect bug', type: 'bug', files: ['libs/auth/src/redirect.ts'], estimateMinutes: 60 }),
        ticket('PROJ-125', { title: 'Tune web config', files: ['apps/web/src/config.ts', 'apps/web/src/UserProfile.tsx'], estimateMinutes: 90 }),
      ],
      workspace: workspace(),
      options: options(),
    });
    expect(formatPlanText(plan)).toMatchInlineSnapshot(`
      "Analyzing 3 tickets…
      PROJ-123  Add user avatar upload  feature  ready  medium  est 2h
        files     apps/web/src/UserProfile.tsx, libs/avatar/src/avatar-service.ts
        projects  avatar, web   (affected: avatar, web, web-e2e)
        deps      none
      PROJ-124  Fix login redirect bug  bug  ready  medium  est 1h
        files     libs/auth/src/redirect.ts
        projects  auth   (affected: auth, web, web-e2e)
        deps      none
      PROJ-125  Tune web config         feature  ready  medium  est 1h30m
        files     apps/web/src/UserProfile.tsx, apps/web/src/config.ts
        projects  web   (affected: web, web-e2e)
        deps      none

      Conflict check: ✗ 1 conflict
        ✗ PROJ-123 ↔ PROJ-125 file apps/web/src/UserProfile.tsx → PROJ-125 after PROJ-123
        ⚠ PROJ-123 ↔ PROJ-124 dependency web → auth (may run in parallel; the one merged later is verified again)
        ⚠ PROJ-124 ↔ PROJ-125 dependency web → auth (may run in parallel; the one merged later is verified again)
      Parallel execution: ⚠ 2 batches (some tickets wait for others)
      Batches: 1) PROJ-123 PROJ-124  2) PROJ-125
      Estimated total: 3h30m (vs 4h30m sequential) · critical path PROJ-123 → PROJ-125
      "
    `);
  });
});

describe('formatPlanText with many tickets on one item', () => {
  test('groups the overlaps of three tickets or more on the same file or project into one line', () => {
    const tickets = Array.from({ length: 12 }, (_, i) => ticket(`M-${i + 1}`, { files: [`libs/ui/src/part-${i}.ts`] }));
    const shared = ['A-1', 'A-2', 'A-3'].map((key) => ticket(key, { files: ['libs/auth/src/login.ts'] }));
    const plan = buildPlan({ tickets: [...tickets, ...shared], workspace: workspace({ files: [...tickets.map((_, i) => `libs/ui/src/part-${i}.ts`), 'libs/auth/src/login.ts'] }), options: options() });
    const text = formatPlanText(plan);
    expect(text).toContain('  ⚠ project ui: M-1, M-2, M-3, M-4, M-5, M-6, M-7, M-8, +4 more (may run in parallel; the one merged later is verified again)\n');
    expect(text).toContain('  ✗ file libs/auth/src/login.ts: A-1, A-2, A-3 → one after another\n');
    expect(text.split('\n').filter((line) => line.includes(' ↔ '))).toEqual([]);
  });
});

describe('formatPlanText with wide characters', () => {
  test('aligns the columns after CJK and emoji titles by display width, and cuts a long title at a whole character', () => {
    const titles = ['日本語のタイトル', 'Ship the 🚀 rocket', 'あ'.repeat(30), '🚀'.repeat(30), 'Plain title'];
    const plan = buildPlan({
      tickets: titles.map((title, i) => ticket(`W-${i + 1}`, { title, files: [`libs/ui/src/part-${i}.ts`], estimateMinutes: 60 })),
      workspace: workspace({ files: titles.map((_, i) => `libs/ui/src/part-${i}.ts`) }),
      options: options(),
    });
    const rows = formatPlanText(plan).split('\n').filter((line) => line.startsWith('W-'));
    expect(rows.map((row) => row.slice(0, row.indexOf('  feature  ')))).toEqual([
      `W-1  日本語のタイトル${' '.repeat(32)}`,
      `W-2  Ship the 🚀 rocket${' '.repeat(30)}`,
      `W-3  ${'あ'.repeat(23)}… `,
      `W-4  ${'🚀'.repeat(23)}… `,
      `W-5  Plain title${' '.repeat(37)}`,
    ]);
    expect(new Set(rows.map((row) => stringWidth(row.slice(0, row.indexOf('  feature  ')))))).toEqual(new Set([53]));
  });
});
