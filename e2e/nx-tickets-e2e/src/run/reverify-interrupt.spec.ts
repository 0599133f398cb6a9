import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, testedProject, waitUntil, type RunningCommand, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;
let marker: string;
let run: RunningCommand | undefined;

/**
 * A test of alpha that is slow only where RV-1's `a.mjs` and RV-2's test meet — the ticket merged
 * second, rebased onto the first and verified again by the merge train (either may build first) —
 * and only the first time (the marker, outside the repository, is written before it waits).
 */
const slowWhereBothMeet = (markerPath: string) => `import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import test from 'node:test';

test('a and b together', () => {
  if (existsSync(new URL('./a.mjs', import.meta.url)) && !existsSync(${JSON.stringify(markerPath)})) {
    writeFileSync(${JSON.stringify(markerPath)}, String(process.pid));
    spawnSync('sleep', ['30']);
  }
});
`;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [testedProject('alpha', 'libs/alpha', { 'src/base.mjs': 'export const base = 0;\n' })],
    tickets: [
      { key: 'RV-1', title: 'Add a', files: ['libs/alpha/src/a.mjs'] },
      { key: 'RV-2', title: 'Add b', files: ['libs/alpha/src/b.mjs', 'libs/alpha/src/both.test.mjs'] },
    ],
    changes: (scratch) => ({
      'RV-1': [{ file: 'libs/alpha/src/a.mjs', write: 'export const a = 1;\n' }],
      'RV-2': [
        { file: 'libs/alpha/src/b.mjs', write: 'export const b = 2;\n' },
        { file: 'libs/alpha/src/both.test.mjs', write: slowWhereBothMeet((marker = join(scratch, 'reverify-waiting'))) },
      ],
    }),
    verifyTargets: ['test'],
  });
});
afterAll(async () => {
  if (run && !run.exited) run.child.kill('SIGKILL');
  await ws?.cleanup();
});

describe('a run interrupted while the merge train verifies a rebased ticket again', () => {
  test('Ctrl-C leaves the ticket to resume, not failed; resume verifies it again and merges it', async () => {
    run = ws.startNxTickets(['run', 'RV-1', 'RV-2']);
    await waitUntil(() => existsSync(marker), run);
    const merged = await ws.waitForEvent((e) => e.type === 'ticket:merged', run);
    const second = merged.ticket === 'RV-1' ? 'RV-2' : 'RV-1';
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.exitCode, result.stdout + result.stderr).toBe(130);
    const state = await ws.state();
    expect(state.status).toBe('interrupted');
    expect(state.tickets[merged.ticket as string]?.status).toBe('merged');
    expect(state.tickets[second]?.status, JSON.stringify(state.tickets[second])).toBe('merging');
    expect(state.tickets[second]?.error).toBeUndefined();
    expect((await ws.events()).filter((e) => e.type === 'ticket:failed')).toEqual([]);

    const resumed = await ws.nxTickets(['resume']);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    const after = await ws.state();
    expect(after.tickets[second]?.status).toBe('merged');
    const verifiedAgain = (await ws.events()).filter((e) => e.type === 'step:end' && e.ticket === second && e['step'] === 'verify' && e['reverify'] === true);
    expect(verifiedAgain.map((e) => e['ok'])).toEqual([true]);
    expect(await ws.git(['show', 'main:libs/alpha/src/a.mjs'])).toBe('export const a = 1;\n');
    expect(await ws.git(['show', 'main:libs/alpha/src/b.mjs'])).toBe('export const b = 2;\n');
  });
});
