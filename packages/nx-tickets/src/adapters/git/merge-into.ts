import { execGit, GitCommandError } from './exec-git.js';
import { parseNulList } from './git-commands.js';
import { readHead } from './read-head.js';
import type { IntegrateResult } from './rebase-branch.js';
import { resolveLockfileConflicts } from './resolve-lockfile-conflicts.js';
import { mergeAbortArgs, mergeContinueArgs, mergeNoFfArgs, unmergedFilesArgs } from './run-git-commands.js';

/**
 * Merge `ref` (the base branch, for the `merge` strategy) into the branch checked out in
 * `worktreePath`: `git merge --no-ff --no-edit <ref>`, never signed. When every conflict is an npm
 * lockfile it is regenerated from `ref`'s version (see `resolveLockfileConflicts`) and the merge is
 * committed; any other conflict aborts the merge and leaves the branch exactly as it was.
 *
 * @returns `{ ok: true, head, moved }` (`moved: false` when `ref` was already merged), or
 *   `{ ok: false, conflicts, reason }` with the conflicting paths (relative to the worktree).
 * @throws NxTicketsError `NX_TICKETS_GIT_REF_NOT_FOUND` for an unknown `ref`; GitCommandError when
 *   git refuses to start (uncommitted changes in the way) or fails without a conflict.
 */
export async function mergeInto(worktreePath: string, options: { ref: string }): Promise<IntegrateResult> {
  const before = await readHead(worktreePath);
  await readHead(worktreePath, options.ref);
  const abort = async (): Promise<void> => {
    await execGit(worktreePath, mergeAbortArgs(), { okExitCodes: [128] });
  };
  const merged = await execGit(worktreePath, mergeNoFfArgs(options.ref), { okExitCodes: [1] });
  if (merged.exitCode !== 0) {
    const conflicts = parseNulList((await execGit(worktreePath, unmergedFilesArgs())).stdout).sort();
    if (conflicts.length === 0) {
      await abort();
      throw new GitCommandError(mergeNoFfArgs(options.ref), worktreePath, merged.exitCode, merged.stderr || merged.stdout);
    }
    const resolution = await resolveLockfileConflicts(worktreePath, conflicts, 'theirs');
    if (!resolution.resolved) {
      await abort();
      return { ok: false, conflicts, reason: resolution.reason };
    }
    await execGit(worktreePath, mergeContinueArgs()).catch(async (error: unknown) => {
      await abort();
      throw error;
    });
  }
  const head = await readHead(worktreePath);
  return { ok: true, head, moved: head !== before };
}
