import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const SETTINGS = 'libs/alpha/src/settings.ts';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha', files: { 'src/settings.ts': 'export const retries = 1;\n' } }],
    tickets: [
      // Same project (a relation that is not a conflict): they run side by side, and whichever is
      // built first merges first — DS-1, as DS-2's implement step sleeps 2 s first.
      { key: 'DS-1', title: 'Retry twice', files: ['libs/alpha/src/twice.ts'] },
      { key: 'DS-2', title: 'Retry thrice', files: ['libs/alpha/src/thrice.ts'] },
      // Depends on DS-2, so it starts from DS-2's branch as soon as DS-2 is built.
      { key: 'DS-3', title: 'Log the retries', files: ['libs/alpha/src/log.ts'], dependsOn: ['DS-2'] },
    ],
    changes: (scratch) => ({
      'DS-1': [
        { file: 'libs/alpha/src/twice.ts', write: 'export const twice = 2;\n' },
        { file: SETTINGS, find: 'retries = 1', replace: 'retries = 2' },
      ],
      // Same line as DS-1: its rebase onto main conflicts, so it is set aside.
      'DS-2': [
        { sleepSeconds: 2, marker: join(scratch, 'ds-2-sleeping') },
        { file: 'libs/alpha/src/thrice.ts', write: 'export const thrice = 3;\n' },
        { file: SETTINGS, find: 'retries = 1', replace: 'retries = 3' },
      ],
      'DS-3': [
        { file: SETTINGS, contains: 'retries = 3' },
        { file: 'libs/alpha/src/log.ts', write: "import { retries } from './settings';\nexport const log = () => console.log(`retrying ${retries} times`);\n" },
      ],
    }),
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with a dependency that is set aside', () => {
  test('blocks a ticket built on a dependency that was then set aside, instead of merging it alone', async () => {
    const result = await ws.nxTickets(['run', 'DS-1', 'DS-2', 'DS-3']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);

    const state = await ws.state();
    expect(state.tickets['DS-1']?.status).toBe('merged');
    expect(state.tickets['DS-2']?.status).toBe('conflict');
    expect(state.tickets['DS-3']?.stackedOn?.key).toBe('DS-2');
    // DS-3 was built on DS-2's work; merging it alone would put code on main that depends on a change main does not have.
    expect(state.tickets['DS-3']).toMatchObject({ status: 'blocked', error: { message: expect.stringContaining('DS-2') } });
    expect(await ws.git(['log', '--format=%s', 'main'])).not.toContain('DS-3:');
    expect((await ws.git(['ls-tree', '-r', '--name-only', 'main'])).split('\n')).not.toContain('libs/alpha/src/log.ts');
    // Nothing is lost: its commit stays on its branch.
    const blocked = state.tickets['DS-3']!;
    expect((await ws.git(['rev-parse', `refs/heads/${blocked.branch}`])).trim()).toBe(blocked.head);
  });
});
