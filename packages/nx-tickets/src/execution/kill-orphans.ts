import { realpath } from 'node:fs/promises';
import type { RunState } from '@nx-tickets/core';
import { killProcessGroup, readProcessGroupRssMb } from '../adapters/process/index.js';

/**
 * After a hard kill of the runner, children it started (their own process groups) may still run in
 * a ticket's worktree. Kill every recorded group whose leader still works inside that ticket's
 * worktree (checked through `/proc/<pid>/cwd`, so a reused pid of an unrelated process is spared).
 *
 * @returns the process group ids killed.
 */
export async function killOrphans(state: RunState): Promise<number[]> {
  const killed: number[] = [];
  for (const t of Object.values(state.tickets)) {
    if (!t.worktree) continue;
    const worktree = await realpath(t.worktree).catch(() => t.worktree as string);
    for (const pgid of t.processGroups ?? []) {
      const cwd = await realpath(`/proc/${pgid}/cwd`).catch(() => undefined);
      if (cwd !== undefined && (cwd === worktree || cwd.startsWith(`${worktree}/`)) && killProcessGroup(pgid, 'SIGKILL')) killed.push(pgid);
    }
    t.processGroups = [];
  }
  return killed;
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
