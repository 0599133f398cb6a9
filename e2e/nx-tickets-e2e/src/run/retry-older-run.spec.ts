import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const A = 'libs/alpha/src/a.ts';
const B = 'libs/alpha/src/b.ts';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha', files: { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' } }],
    tickets: [
      { key: 'RO-1', title: 'Change a', files: [A] },
      { key: 'RO-2', title: 'Change b', files: [B] },
    ],
    changes: {
      // Its prepared change does not apply: the implement step fails.
      'RO-1': [{ file: A, find: 'no such text', replace: 'a = 2' }],
      'RO-2': [{ file: B, find: 'b = 1', replace: 'b = 2' }],
    },
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets retry after a newer run', () => {
  test('re-queues the ticket in the latest run that has it, not only in the latest run', async () => {
    const first = await ws.nxTickets(['run', 'RO-1']);
    expect(first.exitCode, first.stdout + first.stderr).toBe(1);
    const second = await ws.nxTickets(['run', 'RO-2']);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    const [older, newer] = ws.runIds();

    // The summary of the first run said `nx-tickets retry RO-1`; the newer run has no RO-1.
    const retry = await ws.nxTickets(['retry', 'RO-1']);
    expect(retry.stderr).not.toContain('has no ticket RO-1');
    expect(retry.exitCode).toBe(1); // the change still does not apply
    const starts = (await ws.events(older)).filter((e) => e.type === 'ticket:start' && e.ticket === 'RO-1');
    expect(starts).toHaveLength(2);
    expect((await ws.events(newer)).some((e) => e.ticket === 'RO-1')).toBe(false);
  });
});
