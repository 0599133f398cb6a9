import { existsSync } from 'node:fs';
import { FINAL_STATUSES, type RunState } from '@nx-tickets/core';
import { createTicketWorktree } from '../adapters/git/index.js';

/**
 * Before a run continues (`resume`, `retry`), give every ticket that still has work to do a
 * worktree again when its folder is gone (`nx-tickets clean --all`, or removed by hand). A ticket
 * whose work is committed on its branch gets the branch checked out again, as it is, and goes on
 * from where it was; one whose work was only in the removed folder starts over from `prepare` (its
 * branch is kept and checked out as it is).
 *
 * @returns one sentence per ticket repaired, keyed by ticket (for `ticket:recovered` events).
 * @throws what `createTicketWorktree` throws (a branch checked out elsewhere, …).
 */
export async function restoreMissingWorktrees(root: string, state: RunState): Promise<Array<{ ticket: string; action: string }>> {
  const done: Array<{ ticket: string; action: string }> = [];
  for (const key of state.order) {
    const t = state.tickets[key];
    if (!t || FINAL_STATUSES.includes(t.status) || !t.worktree || (existsSync(t.worktree) && !t.worktreeRemoved)) continue;
    if (t.completed.includes('commit')) {
      const tree = await createTicketWorktree(root, { key, branch: t.branch, startPoint: t.head ?? t.startPoint ?? state.baseHead });
      Object.assign(t, { worktree: tree.path, workspace: tree.workspaceRoot, worktreeRemoved: undefined });
      done.push({ ticket: key, action: `re-created its worktree on ${t.branch} (${tree.head.slice(0, 10)})` });
    } else {
      Object.assign(t, { completed: [], worktree: undefined, workspace: undefined, worktreeRemoved: undefined });
      done.push({ ticket: key, action: 'its worktree was removed before its work was committed: it starts over from prepare' });
    }
  }
  return done;
}
