import { afterEach, describe, expect, test } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKillWorkspace, EXPECTED_FILES, KILL_KEYS, processesUnder, waitFor, type KillWorkspace } from './kill-workspace.js';

const workspaces: KillWorkspace[] = [];
afterEach(async () => {
  await Promise.all(workspaces.splice(0).map((ws) => (process.env.KEEP ? console.log(ws.root) : ws.cleanup())));
});
const workspace = async (): Promise<KillWorkspace> => {
  const ws = await createKillWorkspace();
  workspaces.push(ws);
  return ws;
};

describe('the run lock and the life of the runner process', () => {
  test('resume right after a kill -9 takes over the dead run\'s lock instead of waiting for it to go stale', async () => {
    const ws = await workspace();
    const runner = ws.start(['run', ...KILL_KEYS, '--json']);
    await waitFor(async () => ((await ws.events()).some((e) => e.type === 'ticket:start') ? true : undefined), 60_000, 'the first ticket to start');
    process.kill(runner.child.pid as number, 'SIGKILL');
    expect((await runner.exited).signal).toBe('SIGKILL');
    // The state still says running; status knows better.
    const status = await ws.start(['status']).exited;
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Run \S+ — interrupted$/m);
    expect(status.stdout).toContain('interrupted (no nx-tickets process is running it): continue with `nx-tickets resume ');

    const resume = ws.start(['resume', '--json']);
    const end = await resume.exited;
    expect(end.exitCode, end.stdout + end.stderr).toBe(0);
    expect(end.endedAt - resume.startedAt).toBeLessThan(25_000);
    expect(Object.values((await ws.state())?.tickets ?? {}).map((t) => t.status)).toEqual(KILL_KEYS.map(() => 'merged'));
  });

  test('a live run still refuses a second run and a resume, and the refused run leaves no run behind', async () => {
    const ws = await workspace();
    const hold = join(ws.root, '..', 'hold-implement');
    await writeFile(hold, '');
    const first = ws.start(['run', 'K-5', '--json'], { KILL_TRIAL_HOLD_FILE: hold });
    await waitFor(async () => ((await ws.events()).some((e) => e.type === 'step:start' && e.step === 'implement') ? true : undefined), 60_000, 'an implement step');
    const runsBefore = await ws.runs();
    expect(runsBefore).toHaveLength(1);
    const status = await ws.start(['status', '--json']).exited;
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'running' });

    const second = await ws.start(['run', 'K-1']).exited;
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain('Another nx-tickets run is in progress in this workspace.');
    // Refused before anything is shown: no plan printed above the error.
    expect(second.stdout).toBe('');
    const resume = await ws.start(['resume']).exited;
    expect(resume.exitCode).toBe(2);
    expect(resume.stderr).toContain('Another nx-tickets run is in progress in this workspace.');
    expect(await ws.runs()).toEqual(runsBefore);

    await rm(hold);
    const end = await first.exited;
    expect(end.exitCode, end.stderr).toBe(0);
  });

  test('the runner exits as soon as the run is over', async () => {
    const ws = await workspace();
    const runner = ws.start(['run', ...KILL_KEYS, '--json']);
    const end = await runner.exited;
    expect(end.exitCode, end.stderr).toBe(0);
    const runEnd = (await ws.events()).find((e) => e.type === 'run:end');
    expect(runEnd).toBeDefined();
    expect(end.endedAt - (runEnd?.at ?? 0)).toBeLessThan(3_000);
  });

  test('an implement command the killed run had not recorded yet is stopped before the ticket is implemented again', async () => {
    const ws = await workspace();
    const slow = { KILL_TRIAL_EXTRA_SLEEP_MS: '4000' };
    const runner = ws.start(['run', 'K-5', '--json'], slow);
    await waitFor(async () => ((await ws.events()).some((e) => e.type === 'step:start' && e.step === 'implement') ? true : undefined), 60_000, 'the implement step');
    await waitFor(async () => ((await processesUnder(ws.root)).length > 1 ? true : undefined), 10_000, 'the implement command');
    process.kill(runner.child.pid as number, 'SIGKILL');
    await runner.exited;
    // As if the kill had come before the state recorded the command's process group.
    const run = (await ws.runs()).at(-1) as string;
    const statePath = join(ws.root, '.nx/tickets/runs', run, 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { tickets: Record<string, { processGroups?: number[] }> };
    for (const t of Object.values(state.tickets)) delete t.processGroups;
    await writeFile(statePath, JSON.stringify(state));
    expect((await processesUnder(ws.root)).length).toBeGreaterThan(0);

    const end = await ws.start(['resume', '--json'], slow).exited;
    expect(end.exitCode, end.stdout + end.stderr).toBe(0);
    const solo = Object.keys(EXPECTED_FILES).find((path) => path.endsWith('solo.ts')) as string;
    expect(await ws.git(['show', `main:${solo}`])).toBe(EXPECTED_FILES[solo]);
    expect(await processesUnder(ws.root)).toEqual([]);
  });

  test('a run killed while Nx computes the project graph leaves no process behind', async () => {
    const ws = await workspace();
    const commandLines = async () => Promise.all((await processesUnder(ws.root)).map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
    const runner = ws.start(['run', ...KILL_KEYS, '--json']);
    await waitFor(async () => ((await commandLines()).some((line) => line.includes('createProjectGraphAsync')) ? true : undefined), 60_000, 'the project graph process');
    // Nx loads its plugins meanwhile (by default each in a worker process of its own group).
    await waitFor(async () => ((await commandLines()).some((line) => line.includes('plugin-worker')) ? true : undefined), 1_500, 'plugin workers').catch(() => undefined);
    process.kill(-(runner.child.pid as number), 'SIGKILL');
    await runner.exited;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await commandLines()).toEqual([]);
  });
});
