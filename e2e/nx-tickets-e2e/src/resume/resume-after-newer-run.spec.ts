import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, waitUntil, type RunningCommand, type RunWorkspace } from '../run/run-workspace.js';

let ws: RunWorkspace;
let marker: string;
let first: RunningCommand | undefined;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'LE-1', title: 'Append to alpha', files: ['libs/alpha/src/le-1.ts'] },
      { key: 'LE-2', title: 'Append to beta', files: ['libs/beta/src/le-2.ts'], dependsOn: ['LE-1'] },
    ],
    // LE-1's first implement attempt sleeps; the later ones do not.
    changes: (scratch) => ({
      'LE-1': [{ sleepSeconds: 30, marker: (marker = join(scratch, 'le-1-sleeping')) }, { file: 'libs/alpha/src/le-1.ts', write: '// LE-1\n' }],
      // LE-2 depends on LE-1: it must start from a base that holds LE-1's work, merged by the newer run.
      'LE-2': [{ file: 'libs/alpha/src/le-1.ts', contains: '// LE-1' }, { file: 'libs/beta/src/le-2.ts', write: '// LE-2\n' }],
    }),
  });
});
afterAll(async () => {
  if (first && !first.exited) first.child.kill('SIGKILL');
  await ws?.cleanup();
});

describe('resume after a newer run merged one of the tickets', () => {
  test('the ticket counts as merged by the other run, and nothing is merged twice', async () => {
    first = ws.startNxTickets(['run', 'LE-1', 'LE-2']);
    await waitUntil(() => existsSync(marker), first);
    const oldRun = ws.runIds()[0] as string;
    first.child.kill('SIGKILL');
    await first.done;
    // The killed run's implement command sleeps on in its own process group: end it, as a person would.
    process.kill(-Number(await readFile(marker, 'utf8')), 'SIGKILL');

    const newer = await ws.nxTickets(['run', 'LE-1']);
    expect(newer.exitCode, newer.stdout + newer.stderr).toBe(0);
    const newRun = ws.runIds().find((id) => id !== oldRun) as string;
    const mergedByNewer = (await ws.state(newRun)).tickets['LE-1']?.mergedSha as string;
    expect(mergedByNewer).toMatch(/^[0-9a-f]{40}$/);

    const resumed = await ws.nxTickets(['resume', oldRun]);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout + resumed.stderr).toContain('(by another run)');
    const state = await ws.state(oldRun);
    expect(state.tickets['LE-1']).toMatchObject({ status: 'merged', mergedSha: mergedByNewer, mergedElsewhere: true });
    expect(state.tickets['LE-2']?.status).toBe('merged');
    expect(await ws.git(['show', 'main:libs/alpha/src/le-1.ts'])).toBe('// LE-1\n');
    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n');
    expect(subjects.sort()).toEqual(['LE-1: Append to alpha', 'LE-2: Append to beta']);
  });

  test('nx-tickets metrics counts that ticket once, under the run that merged it', async () => {
    const result = await ws.nxTickets(['metrics', '--json']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const metrics = JSON.parse(result.stdout) as { runs: Array<{ runId: string; tickets: number; merged: number; mergedElsewhere: number }>; total: { tickets: number; merged: number } };
    const [oldRun, newRun] = ws.runIds();
    expect(metrics.runs.map((r) => [r.runId, r.merged, r.tickets, r.mergedElsewhere]).sort()).toEqual([[oldRun, 1, 1, 1], [newRun, 1, 1, 0]].sort());
    expect(metrics.total).toMatchObject({ tickets: 2, merged: 2 });
  });
});
