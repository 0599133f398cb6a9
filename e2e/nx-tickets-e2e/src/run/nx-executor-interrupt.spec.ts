import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_ENV, type CommandResult } from '../run-command.js';
import { createRunWorkspace, runningProcessesInGroup, waitUntil, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;
const markers: Record<string, string> = {};

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'XI-1', title: 'Slow change', files: ['libs/alpha/src/slow.ts'] },
      { key: 'XI-2', title: 'Another slow change', files: ['libs/beta/src/slow.ts'] },
      { key: 'XI-3', title: 'A change stopped by Nx', files: ['libs/beta/src/stopped.ts'] },
    ],
    // The first implement attempt of each sleeps 30 s in a `sleep` grandchild; a resumed attempt does not.
    changes: (scratch) => ({
      'XI-1': [{ sleepSeconds: 30, marker: (markers['XI-1'] = join(scratch, 'xi-1-sleeping')) }, { file: 'libs/alpha/src/slow.ts', write: 'export const slow = 1;\n' }],
      'XI-2': [{ sleepSeconds: 30, marker: (markers['XI-2'] = join(scratch, 'xi-2-sleeping')) }, { file: 'libs/beta/src/slow.ts', write: 'export const slow = 2;\n' }],
      // Killed by the signal that ends its `sleep`: the implement command itself dies of it.
      'XI-3': [{ sleepSeconds: 30, marker: (markers['XI-3'] = join(scratch, 'xi-3-sleeping')), diesWithSleep: true }, { file: 'libs/beta/src/stopped.ts', write: 'export const stopped = 3;\n' }],
    }),
  });
});
afterAll(() => ws?.cleanup());

/** The parent of process `pid`, read from `/proc` (Linux). */
async function parentOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * Start `nx run-tickets -- KEY` and wait until its implement command sleeps; `how` starts the process.
 * `runnerPid` is the Nx task process that runs the executor (the implement command's parent).
 */
async function startAndWait(key: string, how: (nx: string) => ReturnType<typeof spawn>): Promise<{ child: ReturnType<typeof spawn>; done: Promise<CommandResult>; implementPid: number; runnerPid: number }> {
  const child = how(join(ws.root, 'node_modules', '.bin', 'nx'));
  let output = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<CommandResult>((resolve) => child.on('close', (code) => ((exited = true), resolve({ exitCode: code ?? 128, stdout: output, stderr: '' }))));
  await waitUntil(() => {
    if (exited) throw new Error(`nx ended before ${key} started its implement command:\n${output}`);
    return existsSync(markers[key] as string);
  });
  const implementPid = Number(await readFile(markers[key] as string, 'utf8'));
  return { child, done, implementPid, runnerPid: await parentOf(implementPid) };
}

describe('nx run-tickets interrupted', () => {
  test('Ctrl-C on a terminal: exit 130, the state saved as interrupted, no implement process left', async () => {
    // `script` gives nx a pseudo-terminal; ^C typed into it is the terminal's SIGINT, as a user's Ctrl-C.
    const run = await startAndWait('XI-1', (nx) => spawn('script', ['-qfec', `${nx} run-tickets -- XI-1`, '/dev/null'], { cwd: ws.root, env: TEST_ENV, stdio: ['pipe', 'pipe', 'pipe'] }));
    run.child.stdin?.write('\x03');
    const result = await run.done;
    expect(result.exitCode, result.stdout).toBe(130);
    // On Ctrl-C, Nx's task wrapper exits 130 at once without waiting for the task process, so nx
    // can end before the runner has saved its state: the runner finishes a moment later.
    await waitUntil(() => !existsSync(`/proc/${run.runnerPid}`));
    const state = await ws.state();
    expect(state.status).toBe('interrupted');
    expect((await ws.events()).at(-1)?.type).toBe('run:interrupted');
    expect(runningProcessesInGroup(run.implementPid)).toEqual([]);
    // Nx shows no task output after Ctrl-C: `status` prints the summary the run saved.
    const status = await ws.nxTickets(['status']);
    expect(status.stdout).toContain(`Run ${state.runId} — interrupted`);
    expect(status.stdout).toContain(`nx-tickets resume ${state.runId}`);
  });

  test('SIGTERM to the process group of nx (a cancelled CI job) prints the summary and the resume command, as nx-tickets run does', async () => {
    const resumeFirst = await ws.nxTickets(['resume']);
    expect(resumeFirst.exitCode, resumeFirst.stdout + resumeFirst.stderr).toBe(0);
    const run = await startAndWait('XI-2', (nx) => spawn(nx, ['run-tickets', '--', 'XI-2'], { cwd: ws.root, env: TEST_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    process.kill(-(run.child.pid as number), 'SIGTERM');
    const result = await run.done;
    expect(result.exitCode, result.stdout).not.toBe(0);
    const state = await ws.state();
    expect(state.status).toBe('interrupted');
    expect(result.stdout).toContain(`Run ${state.runId} — interrupted`);
    expect(result.stdout).toContain(`interrupted: state saved; continue with \`nx-tickets resume ${state.runId}\``);
  });

  test('SIGTERM to nx alone (docker stop, timeout): Nx stops the implement command before the runner, and the ticket is interrupted, not failed', async () => {
    const resumeFirst = await ws.nxTickets(['resume']);
    expect(resumeFirst.exitCode, resumeFirst.stdout + resumeFirst.stderr).toBe(0);
    const run = await startAndWait('XI-3', (nx) => spawn(nx, ['run-tickets', '--', 'XI-3'], { cwd: ws.root, env: TEST_ENV, stdio: ['ignore', 'pipe', 'pipe'] }));
    // Only nx gets it: Nx then ends the task's process tree from its leaves up, so the implement
    // command dies of SIGTERM before the runner hears of the interruption.
    process.kill(run.child.pid as number, 'SIGTERM');
    const result = await run.done;
    expect(result.exitCode, result.stdout).not.toBe(0);
    await waitUntil(() => !existsSync(`/proc/${run.runnerPid}`));
    const state = await ws.state();
    expect(state.status, result.stdout).toBe('interrupted');
    expect(state.tickets['XI-3']?.status, result.stdout).toBe('running');
    expect(state.tickets['XI-3']?.error).toBeUndefined();
    const resumed = await ws.nxTickets(['resume']);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect((await ws.state()).tickets['XI-3']?.status).toBe('merged');
  });
});
