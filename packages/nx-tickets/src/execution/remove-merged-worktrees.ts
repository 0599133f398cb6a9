import type { RunState } from '@nx-tickets/core';
import { removeTicketWorktree } from '../adapters/git/index.js';
import { removeNxData } from './nx-data-dirs.js';

/**
 * At the end of a finished run, remove the worktrees of its merged tickets: their work is on the
 * base branch and their branches stay. Worktrees of failed, blocked and set-aside tickets are kept
 * for the person who fixes them; a merged ticket's worktree with uncommitted changes or new files
 * git does not ignore is kept too. A removed worktree's Nx data and isolated cache go with it.
 * Marks `worktreeRemoved` on each ticket whose worktree is gone.
 *
 * @returns one sentence per worktree that had to be kept (for the summary's warnings).
 */
export async function removeMergedWorktrees(root: string, state: RunState): Promise<string[]> {
  const kept: string[] = [];
  for (const key of state.order) {
    const t = state.tickets[key];
    if (!t || t.status !== 'merged' || !t.worktree || t.worktreeRemoved) continue;
    // New files there are someone's work too (nothing of the ticket's is left uncommitted when it lands).
    const result = await removeTicketWorktree(root, t.worktree, { keepUntracked: true }).catch((error: unknown) => ({ removed: false as const, reason: 'failed' as const, detail: (error as Error).message }));
    if (result.removed || result.reason === 'gone') {
      t.worktreeRemoved = true;
      // Nx's data and isolated cache of the ticket (see `nxDataDirs`) are derived data: they go with it.
      await removeNxData(root, key);
    } else kept.push(`kept the worktree of merged ${key} (${result.detail}): ${t.worktree}`);
  }
  return kept;
}
