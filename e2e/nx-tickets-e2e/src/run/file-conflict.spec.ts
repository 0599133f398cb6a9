import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const SHARED = 'libs/alpha/src/shared.ts';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha', files: { 'src/shared.ts': "export const greeting = 'hello';\n\nexport const answer = 41;\n" } }],
    tickets: [
      { key: 'FC-1', title: 'Greet louder', files: [SHARED] },
      { key: 'FC-2', title: 'Greet the world and fix the answer', files: [SHARED] },
    ],
    changes: {
      'FC-1': [{ file: SHARED, find: "'hello'", replace: "'HELLO'" }],
      // Applies only on top of FC-1's change: the step fails when FC-2 does not start from it.
      'FC-2': [
        { file: SHARED, find: "'HELLO'", replace: "'HELLO WORLD'" },
        { file: SHARED, find: 'answer = 41', replace: 'answer = 42' },
      ],
    },
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with two tickets editing one file', () => {
  test('runs the second only after the first is merged, merges both, and leaves main as applying them one after another', async () => {
    const result = await ws.nxTickets(['run', 'FC-1', 'FC-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const state = await ws.state();
    expect(state.order).toEqual(['FC-1', 'FC-2']);
    expect(state.relations).toContainEqual(expect.objectContaining({ before: 'FC-1', after: 'FC-2', kind: 'file', conflict: true }));
    expect(state.tickets['FC-1']?.status).toBe('merged');
    expect(state.tickets['FC-2']?.status).toBe('merged');

    const events = await ws.events();
    const at = (type: string, ticket: string) => events.findIndex((e) => e.type === type && e.ticket === ticket);
    expect(at('ticket:merged', 'FC-1')).toBeGreaterThanOrEqual(0);
    expect(at('ticket:start', 'FC-2')).toBeGreaterThan(at('ticket:merged', 'FC-1'));
    expect(state.tickets['FC-2']?.startPoint).toBe(state.tickets['FC-1']?.mergedSha);

    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n');
    expect(subjects).toEqual(['FC-2: Greet the world and fix the answer', 'FC-1: Greet louder']);
    expect(await ws.git(['ls-tree', '-r', 'main'])).toBe(await ws.sequentialTree(state.baseStart, ['FC-1', 'FC-2']));
    expect(await ws.git(['show', `main:${SHARED}`])).toBe("export const greeting = 'HELLO WORLD';\n\nexport const answer = 42;\n");
  });
});
