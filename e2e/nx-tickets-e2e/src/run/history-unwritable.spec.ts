import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const FILE = 'libs/alpha/src/a.ts';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha', files: { 'src/a.ts': 'export const a = 1;\n' } }],
    tickets: [{ key: 'HW-1', title: 'Change a', files: [FILE] }],
    changes: { 'HW-1': [{ file: FILE, find: 'a = 1', replace: 'a = 2' }] },
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run when the history cannot be written', () => {
  test('still plans, merges and exits 0, and says the history was neither read nor written', async () => {
    // A folder where the history file goes: appending to it fails (EISDIR).
    await mkdir(join(ws.root, '.nx', 'tickets', 'history.jsonl'), { recursive: true });
    const result = await ws.nxTickets(['run', 'HW-1']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('.nx/tickets/history.jsonl could not be read (EISDIR');
    expect(result.stdout).toContain('warning: the run was not added to .nx/tickets/history.jsonl');
    const state = await ws.state();
    expect(state.tickets['HW-1']?.status).toBe('merged');
    expect(state.warnings).toEqual([expect.stringContaining('metrics and learned estimates leave it out')]);
  });
});
