import { relative } from 'node:path';
import { FINAL_STATUSES, type RunState, type TicketRunState } from '@nx-tickets/core';
import { deleteMergedBranch, removeTicketWorktree } from '../adapters/git/index.js';
import { removeNxData } from './nx-data-dirs.js';
import { acquireRunLock } from './run-lock.js';
import { RunStore } from './run-store.js';

/** Options of {@link cleanWorkspace}. */
export interface CleanOptions {
  /** Also remove the worktrees of failed, blocked and set-aside tickets of finished runs (their branches stay). */
  all?: boolean;
  /** Also delete the branches of merged tickets whose commits are all on the base branch. */
  branches?: boolean;
  /** Say what would be removed, change nothing. */
  dryRun?: boolean;
}

/** One thing {@link cleanWorkspace} did or left. */
export interface CleanAction {
  ticket: string;
  runId: string;
  /** `worktree` (path relative to the workspace) or `branch` (its name). */
  kind: 'worktree' | 'branch';
  target: string;
  /** Removed (or would be, with `dryRun`), or kept and why. */
  outcome: 'removed' | 'kept';
  reason?: string;
}

/**
 * `nx-tickets clean`: remove what finished runs left behind. Worktrees of merged tickets are
 * removed (runs do that themselves at their end; this catches runs that ended early or older
 * versions); with `all`, also those of failed, blocked and set-aside tickets of finished runs;
 * with `branches`, merged tickets' branches whose commits are all on the base branch. Worktrees of
 * unfinished (interrupted) runs are kept for `resume`, and a worktree with uncommitted changes is
 * never removed. A removed worktree's Nx data and isolated cache (`nxDataDirs`) go with it, also
 * when its run removed the worktree. Holds the run lock, so it never races a run.
 *
 * @throws NxTicketsError `NX_TICKETS_RUN_LOCKED` (exit 2) while a run is going on.
 */
export async function cleanWorkspace(root: string, options: CleanOptions = {}): Promise<CleanAction[]> {
  const release = await acquireRunLock(root);
  try {
    const actions: CleanAction[] = [];
    const latest = new Map<string, { store: RunStore; state: RunState; ticket: TicketRunState }>();
    const stores: Array<{ store: RunStore; state: RunState }> = [];
    for (const runId of await RunStore.listRuns(root)) {
      const store = new RunStore(root, runId);
      const state = await store.readState().catch(() => undefined);
      if (!state) continue;
      stores.push({ store, state });
      // Runs are listed oldest first: a later run of the same ticket wins.
      for (const ticket of Object.values(state.tickets)) latest.set(ticket.key, { store, state, ticket });
    }
    const changed = new Set<RunState>();
    for (const { state, ticket } of latest.values()) {
      const base = { ticket: ticket.key, runId: state.runId };
      if (ticket.worktree && !ticket.worktreeRemoved) {
        const target = relative(root, ticket.worktree) || '.';
        const why = reasonToKeep(state, ticket, options);
        if (why) actions.push({ ...base, kind: 'worktree', target, outcome: 'kept', reason: why });
        else {
          // Only a merged ticket's work is safe elsewhere: anywhere else a new file may be someone's fix.
          // A dry run checks the same (uncommitted changes keep a worktree) and removes nothing.
          const result = await removeTicketWorktree(root, ticket.worktree, { keepUntracked: ticket.status !== 'merged', ...(options.dryRun ? { dryRun: true } : {}) });
          if (options.dryRun) actions.push({ ...base, kind: 'worktree', target, outcome: result.removed || result.reason === 'gone' ? 'removed' : 'kept', ...(result.removed || result.reason === 'gone' ? {} : { reason: result.detail }) });
          else if (result.removed || result.reason === 'gone') {
            ticket.worktreeRemoved = true;
            changed.add(state);
            actions.push({ ...base, kind: 'worktree', target, outcome: 'removed', ...(result.removed ? {} : { reason: 'already gone' }) });
          } else actions.push({ ...base, kind: 'worktree', target, outcome: 'kept', reason: result.detail });
        }
      }
      // Nx's data of the ticket (rebuilt when needed) goes with its worktree, also one its run removed.
      if (ticket.worktree && ticket.worktreeRemoved && !options.dryRun) await removeNxData(root, ticket.key);
      if (options.branches && ticket.status === 'merged') {
        if (options.dryRun) actions.push({ ...base, kind: 'branch', target: ticket.branch, outcome: 'removed' });
        else if (await deleteMergedBranch(root, ticket.branch, state.base)) actions.push({ ...base, kind: 'branch', target: ticket.branch, outcome: 'removed' });
      }
    }
    for (const { store, state } of stores) if (changed.has(state)) await store.writeState(state);
    return actions;
  } finally {
    await release();
  }
}

function reasonToKeep(state: RunState, ticket: TicketRunState, options: CleanOptions): string | undefined {
  if (ticket.status === 'merged') return undefined;
  if (state.status !== 'finished' || !FINAL_STATUSES.includes(ticket.status)) return `run ${state.runId} is not finished: \`nx-tickets resume ${state.runId}\` continues it`;
  if (!options.all) return `${ticket.status}: kept to fix and \`nx-tickets retry ${ticket.key}\`; --all removes it (the branch stays)`;
  return undefined;
}
