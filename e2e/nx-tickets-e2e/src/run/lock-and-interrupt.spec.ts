import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, runningProcessesInGroup, waitUntil, type RunningCommand, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;
let marker: string;
let first: RunningCommand | undefined;
let runId: string;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'SI-1', title: 'Slow change', files: ['libs/alpha/src/slow.ts'] },
      { key: 'SI-2', title: 'Quick change', files: ['libs/beta/src/quick.ts'] },
    ],
    // The first implement attempt of SI-1 sleeps 20 s in a `sleep` grandchild; a resumed attempt does not.
    changes: (scratch) => ({
      'SI-1': [{ sleepSeconds: 20, marker: (marker = join(scratch, 'si-1-sleeping')) }, { file: 'libs/alpha/src/slow.ts', write: 'export const slow = true;\n' }],
      'SI-2': [{ file: 'libs/beta/src/quick.ts', write: 'export const quick = true;\n' }],
    }),
  });
});
afterAll(async () => {
  if (first && !first.exited) first.child.kill('SIGKILL');
  await ws?.cleanup();
});

describe('nx-tickets run while another run is in progress, and when interrupted', () => {
  test('refuses a second run with exit 2 and leaves no run behind', async () => {
    first = ws.startNxTickets(['run', 'SI-1', 'SI-2']);
    await ws.waitForEvent((e) => e.type === 'ticket:merged' && e.ticket === 'SI-2', first);
    await ws.waitForEvent((e) => e.type === 'step:start' && e.ticket === 'SI-1' && e['step'] === 'implement', first);
    await waitUntil(() => existsSync(marker), first);
    runId = ws.runIds()[0] as string;

    const second = await ws.nxTickets(['run', 'SI-1']);
    expect(second.exitCode, second.stdout + second.stderr).toBe(2);
    expect(second.stderr).toContain('Another nx-tickets run is in progress');
    expect(ws.runIds()).toEqual([runId]);
    expect(first.exited).toBe(false);
  });

  test('stops on SIGINT with exit 130, state interrupted and no implement process left', async () => {
    expect(first?.exited).toBe(false);
    const state = await ws.state(runId);
    const groups = state.tickets['SI-1']?.processGroups ?? [];
    expect(groups.length).toBeGreaterThan(0);
    const implementPid = Number(await readFile(marker, 'utf8'));
    expect(groups).toContain(implementPid);
    expect(runningProcessesInGroup(implementPid).map((p) => p.split(' ')[1]).sort()).toEqual(['node', 'sleep']);

    first!.child.kill('SIGINT');
    const result = await first!.done;
    expect(result.exitCode, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain(`nx-tickets resume ${runId}`);

    const after = await ws.state(runId);
    expect(after.status).toBe('interrupted');
    expect(after.tickets['SI-2']?.status).toBe('merged');
    expect(after.tickets['SI-1']?.status).not.toBe('merged');
    for (const pgid of new Set([...groups, ...(after.tickets['SI-1']?.processGroups ?? [])])) expect(runningProcessesInGroup(pgid), `process group ${pgid}`).toEqual([]);
    expect((await ws.events(runId)).at(-1)?.type).toBe('run:interrupted');
    const status = await ws.nxTickets(['status', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runId, status: 'interrupted' });
  });

  test('finishes the interrupted run on resume without repeating what was merged', async () => {
    const result = await ws.nxTickets(['resume']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const state = await ws.state(runId);
    expect(state.status).toBe('finished');
    expect(ws.runIds()).toEqual([runId]);
    expect(state.tickets['SI-1']?.completed).toEqual(expect.arrayContaining(['prepare', 'implement', 'commit', 'merge']));
    expect(state.tickets['SI-1']?.status).toBe('merged');
    expect(state.tickets['SI-2']?.status).toBe('merged');
    const events = await ws.events(runId);
    expect(events.filter((e) => e.type === 'ticket:merged').map((e) => e.ticket)).toEqual(['SI-2', 'SI-1']);
    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n');
    expect(subjects.sort()).toEqual(['SI-1: Slow change', 'SI-2: Quick change']);
    expect(await ws.git(['show', 'main:libs/alpha/src/slow.ts'])).toBe('export const slow = true;\n');
    expect((await ws.git(['branch', '--list', '*SI-1*'])).trim().split('\n')).toHaveLength(1);
  });
});
