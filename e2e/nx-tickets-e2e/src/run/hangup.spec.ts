import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, runningProcessesInGroup, waitUntil, type RunningCommand, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;
let marker: string;
let run: RunningCommand | undefined;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'HU-1', title: 'Slow change', files: ['libs/alpha/src/slow.ts'] },
      { key: 'HU-2', title: 'Quick change', files: ['libs/beta/src/quick.ts'] },
    ],
    // The first implement attempt of HU-1 sleeps 20 s in a `sleep` grandchild; a resumed attempt does not.
    changes: (scratch) => ({
      'HU-1': [{ sleepSeconds: 20, marker: (marker = join(scratch, 'hu-1-sleeping')) }, { file: 'libs/alpha/src/slow.ts', write: 'export const slow = true;\n' }],
      'HU-2': [{ file: 'libs/beta/src/quick.ts', write: 'export const quick = true;\n' }],
    }),
  });
});
afterAll(async () => {
  if (run && !run.exited) run.child.kill('SIGKILL');
  await ws?.cleanup();
});

describe('nx-tickets run when its terminal is closed (SIGHUP)', () => {
  test('stops like Ctrl-C: exit 130, state interrupted, no implement process left', async () => {
    run = ws.startNxTickets(['run', 'HU-1', 'HU-2']);
    await ws.waitForEvent((e) => e.type === 'ticket:merged' && e.ticket === 'HU-2', run);
    await ws.waitForEvent((e) => e.type === 'step:start' && e.ticket === 'HU-1' && e['step'] === 'implement', run);
    await waitUntil(() => existsSync(marker), run);
    const implementPid = Number(await readFile(marker, 'utf8'));
    const runId = ws.runIds()[0] as string;

    run.child.kill('SIGHUP');
    const result = await run.done;
    expect(result.exitCode, result.stdout + result.stderr).toBe(130);
    expect(result.stdout).toContain(`Run ${runId} — interrupted`);
    expect(result.stderr).toContain(`nx-tickets resume ${runId}`);
    const state = await ws.state(runId);
    expect(state.status).toBe('interrupted');
    expect(state.tickets['HU-1']?.status).not.toBe('failed');
    expect(runningProcessesInGroup(implementPid)).toEqual([]);
    expect((await ws.events(runId)).at(-1)?.type).toBe('run:interrupted');
  });

  test('resume finishes the run, and durations leave out the time it was interrupted', async () => {
    const interruptedAt = (await ws.state()).updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const result = await ws.nxTickets(['resume']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const state = await ws.state();
    expect(state.status).toBe('finished');
    expect(state.tickets['HU-1']?.status).toBe('merged');

    expect(state.pauses).toHaveLength(1);
    const pause = state.pauses?.[0] as { from: number; to: number };
    expect(pause.from).toBe(interruptedAt);
    expect(pause.to - pause.from).toBeGreaterThanOrEqual(3_000);
    const slow = state.tickets['HU-1'] as unknown as { startedAt: number; builtAt: number };
    const history = (await readFile(join(ws.root, '.nx', 'tickets', 'history.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { runId: string; makespanMs: number; tickets: Array<{ key: string; durationMs: number }> });
    const entry = history.findLast((e) => e.runId === state.runId);
    // The metrics (history), the summary and the report all come from the same pause-aware durations.
    expect(entry?.tickets.find((t) => t.key === 'HU-1')?.durationMs).toBe(slow.builtAt - slow.startedAt - (pause.to - pause.from));
    expect(entry?.makespanMs).toBeLessThan(state.updatedAt - slow.startedAt - (pause.to - pause.from) + 1);
  });
});
