import { readdir, readFile, realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import type { RunState } from '@nx-tickets/core';
import { killProcessGroup, readProcessGroupRssMb } from '../adapters/process/index.js';

/**
 * After a hard kill of the runner, children it started (their own process groups) may still run in
 * a ticket's worktree — and would keep editing it while the ticket is implemented again. Kill:
 * - every recorded group whose leader still works inside that ticket's worktree (checked through
 *   `/proc/<pid>/cwd`, so a reused pid of an unrelated process is spared);
 * - every process that carries this run's mark in its environment, with its group — the children
 *   started before the state could record their group (the runner was killed right after the
 *   spawn): an implement command has `TICKET_FILE` in `.nx/tickets/runs/<runId>/tickets/`, `nx`
 *   verifying a ticket has `NX_WORKSPACE_DATA_DIRECTORY` inside one of the run's worktrees. A
 *   person's shell in a worktree has neither and is left alone. Linux only (`/proc`).
 *
 * @returns the process group ids killed.
 */
export async function killOrphans(state: RunState): Promise<number[]> {
  const killed: number[] = [];
  const worktrees: string[] = [];
  for (const t of Object.values(state.tickets)) {
    if (!t.worktree) continue;
    const worktree = await realpath(t.worktree).catch(() => t.worktree as string);
    worktrees.push(worktree);
    for (const pgid of t.processGroups ?? []) {
      const cwd = await realpath(`/proc/${pgid}/cwd`).catch(() => undefined);
      if (cwd !== undefined && (cwd === worktree || cwd.startsWith(`${worktree}/`)) && killProcessGroup(pgid, 'SIGKILL')) killed.push(pgid);
    }
    t.processGroups = [];
  }
  const ownGroup = await processGroupOf(process.pid);
  for (const pid of await markedProcesses(state.runId, worktrees)) {
    const pgid = await processGroupOf(pid);
    if (pgid !== undefined && pgid !== ownGroup && !killed.includes(pgid) && killProcessGroup(pgid, 'SIGKILL')) killed.push(pgid);
    try {
      process.kill(pid, 'SIGKILL'); // also when it left its group
    } catch {
      // gone already
    }
  }
  return killed;
}

/** Processes whose environment marks them as started by run `runId` (see {@link killOrphans}). */
async function markedProcesses(runId: string, worktrees: string[]): Promise<number[]> {
  const ticketFiles = `${sep}runs${sep}${runId}${sep}tickets${sep}`;
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    const marked = environ.split('\0').some((variable) => {
      if (variable.startsWith('TICKET_FILE=')) return variable.includes(ticketFiles);
      if (!variable.startsWith('NX_WORKSPACE_DATA_DIRECTORY=')) return false;
      const dir = variable.slice('NX_WORKSPACE_DATA_DIRECTORY='.length);
      return worktrees.some((worktree) => dir.startsWith(`${worktree}${sep}`));
    });
    if (marked) found.push(Number(entry));
  }
  return found;
}

async function processGroupOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
}

/** Resident memory of the run's running tickets' process groups, MiB. */
export async function runMemoryMb(state: RunState): Promise<number> {
  let total = 0;
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'running') continue;
    for (const pgid of t.processGroups ?? []) total += (await readProcessGroupRssMb(pgid)) ?? 0;
  }
  return total;
}
