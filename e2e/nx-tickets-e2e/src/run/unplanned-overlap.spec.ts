import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const A = 'libs/alpha/src/a.ts';
const B = 'libs/beta/src/b.ts';
// Far enough apart that the two tickets' edits of b.ts rebase onto each other cleanly.
const B_TEXT = ['export const top = 1;', '', '// one', '// two', '// three', '// four', '// five', '', 'export const bottom = 1;', ''].join('\n');

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [
      { name: 'alpha', root: 'libs/alpha', files: { 'src/a.ts': 'export const a = 1;\n' } },
      { name: 'beta', root: 'libs/beta', files: { 'src/b.ts': B_TEXT } },
    ],
    tickets: [
      { key: 'UO-1', title: 'Change a', files: [A] },
      { key: 'UO-2', title: 'Change b', files: [B] },
    ],
    changes: {
      // Names only a.ts, but also edits b.ts, which UO-2 names.
      'UO-1': [
        { file: A, find: 'a = 1', replace: 'a = 2' },
        { file: B, find: 'top = 1', replace: 'top = 2' },
      ],
      'UO-2': [{ file: B, find: 'bottom = 1', replace: 'bottom = 2' }],
    },
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with an unplanned overlap', () => {
  test('records the overlap found after the commit and still merges both tickets', async () => {
    const plan = JSON.parse((await ws.nxTickets(['plan', 'UO-1', 'UO-2', '--json'])).stdout) as { overlaps: unknown[] };
    expect(plan.overlaps).toEqual([]);

    const result = await ws.nxTickets(['run', 'UO-1', 'UO-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const state = await ws.state();
    expect(state.tickets['UO-1']).toMatchObject({ status: 'merged', actualFiles: [A, B] });
    expect(state.tickets['UO-2']).toMatchObject({ status: 'merged', actualFiles: [B] });
    const unplanned = state.relations.filter((r) => r.unplanned);
    expect(unplanned).toHaveLength(1);
    expect(unplanned[0]).toMatchObject({ kind: 'file', conflict: true, unplanned: true, items: [B] });
    expect([unplanned[0]?.before, unplanned[0]?.after].sort()).toEqual(['UO-1', 'UO-2']);

    const events = await ws.events();
    const overlap = events.filter((e) => e.type === 'overlap:unplanned');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]).toMatchObject({ before: unplanned[0]?.before, after: unplanned[0]?.after, items: [B] });
    expect(result.stdout).toContain(`unplanned overlap ${unplanned[0]?.before} ↔ ${unplanned[0]?.after} on ${B}`);
    expect(result.stdout).toMatch(/conflicts: 0 planned, 1 unplanned, 0 set aside/);

    // The later one was rebased onto the earlier one cleanly: main holds both edits of b.ts.
    expect(await ws.git(['show', `main:${B}`])).toBe(B_TEXT.replace('top = 1', 'top = 2').replace('bottom = 1', 'bottom = 2'));
    expect(await ws.git(['show', `main:${A}`])).toBe('export const a = 2;\n');
  });
});
