import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execGit } from './exec-git.js';
import { isAncestor } from './read-head.js';
import { branchRef, deleteRefArgs, parsePorcelainPaths, parseUntrackedPaths, parseWorktreeList, revParseCommitArgs, trackedStatusArgs, untrackedStatusArgs, worktreeListArgs, worktreePruneArgs, worktreeRemoveArgs } from './run-git-commands.js';
import { withRepositoryLock } from './with-repository-lock.js';

/** What {@link removeTicketWorktree} did: removed, already gone, or kept (with why). */
export type RemoveWorktreeResult = { removed: true } | { removed: false; reason: 'gone' } | { removed: false; reason: 'changed' | 'not-a-worktree'; detail: string };

/**
 * Remove a ticket's worktree (`git worktree remove --force`: the checkout and its untracked files —
 * linked node_modules, Nx data — but never the branch or its commits). A worktree with uncommitted
 * changes to tracked files is kept: someone may be resolving a conflict there; with
 * `keepUntracked`, so is one with new files git does not ignore (someone's new work — use it for
 * any worktree whose work is not merged). A folder that is not
 * a worktree of this repository is never touched. A worktree whose folder is already gone is
 * pruned; one whose removal was cut short (folder left without its `.git` link) is finished.
 *
 * @param root absolute path inside the repository.
 * @param path absolute path of the worktree.
 * @param options `keepUntracked`: new untracked files also keep the worktree; `dryRun`: check
 *   everything, remove nothing (the result says what a real call would do).
 * @throws GitCommandError when git fails otherwise.
 */
export async function removeTicketWorktree(root: string, path: string, options: { keepUntracked?: boolean; dryRun?: boolean } = {}): Promise<RemoveWorktreeResult> {
  return withRepositoryLock(root, async (): Promise<RemoveWorktreeResult> => {
    const worktrees = parseWorktreeList((await execGit(root, worktreeListArgs())).stdout);
    const record = worktrees.find((worktree) => worktree.path === path);
    if (!record || !existsSync(path)) {
      if (record) await execGit(root, worktreePruneArgs());
      if (!record && existsSync(path)) return { removed: false, reason: 'not-a-worktree', detail: `${path} is not a worktree of this repository` };
      return { removed: false, reason: 'gone' };
    }
    // A removal killed half-way (the runner got SIGKILL) leaves part of the folder without its
    // `.git` link, which git lists as prunable: finish it. Never run git inside such a folder — it
    // would answer for the repository around it.
    if (record.prunable || !existsSync(join(path, '.git'))) {
      if (options.dryRun) return { removed: true };
      await rm(path, { recursive: true, force: true });
      await execGit(root, worktreePruneArgs());
      return { removed: true };
    }
    const changed = [
      ...parsePorcelainPaths((await execGit(path, trackedStatusArgs())).stdout),
      ...(options.keepUntracked ? parseUntrackedPaths((await execGit(path, untrackedStatusArgs())).stdout) : []),
    ];
    if (changed.length > 0) return { removed: false, reason: 'changed', detail: `uncommitted changes in ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}` };
    if (options.dryRun) return { removed: true };
    await execGit(root, worktreeRemoveArgs(path));
    return { removed: true };
  });
}

/**
 * Delete branch `branch` (short name) when everything on it is in `base` (its head is an ancestor
 * of `base`'s head), like `git branch -d`. A branch with commits that are not in `base`, or checked
 * out in a worktree, is kept.
 *
 * @returns whether the branch was deleted (false also when it does not exist).
 * @throws GitCommandError when git fails otherwise.
 */
export async function deleteMergedBranch(root: string, branch: string, base: string): Promise<boolean> {
  const ref = branchRef(branch);
  return withRepositoryLock(root, async () => {
    const head = (await execGit(root, revParseCommitArgs(ref), { okExitCodes: [1] })).stdout.trim();
    if (head === '') return false;
    if (!(await isAncestor(root, head, branchRef(base)))) return false;
    const worktrees = parseWorktreeList((await execGit(root, worktreeListArgs())).stdout);
    if (worktrees.some((worktree) => worktree.branch === ref && !worktree.prunable)) return false;
    await execGit(root, deleteRefArgs(ref, head));
    return true;
  });
}
