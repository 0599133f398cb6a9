import { NxTicketsError } from '@nx-tickets/core';
import { execGit, GitCommandError } from './exec-git.js';
import { parseNulList } from './git-commands.js';
import { mergeBaseOf, readHead, resolveCommit } from './read-head.js';
import { resolveLockfileConflicts } from './resolve-lockfile-conflicts.js';
import { rebaseAbortArgs, rebaseContinueArgs, rebaseOntoArgs, unmergedFilesArgs } from './run-git-commands.js';

/** Outcome of {@link rebaseOnto} and `mergeInto`: the new head, or the files that conflicted (branch untouched). */
export type IntegrateResult = { ok: true; head: string; moved: boolean } | { ok: false; conflicts: string[]; reason: string };

/** Longest chain of stops (one per replayed commit) a rebase may take before we give up. */
const MAX_STOPS = 10_000;

/**
 * Rebase the branch checked out in `worktreePath`: `git rebase --onto <onto> <upstream>`, replaying
 * only the commits after `upstream` (default: the merge-base of HEAD and `onto`). Pass the
 * predecessor's old head as `upstream` when it was squash-merged, so a stacked branch replays only
 * its own commits. A commit whose conflicts are all npm lockfiles is resolved by regenerating them
 * (see `resolveLockfileConflicts`) and the rebase continues, commit by commit. Any other conflict
 * aborts the rebase: the branch is left exactly as it was.
 *
 * `known`: the worktree's HEAD and its merge-base with `onto` (`undefined`: none), when the caller
 * read them already while nothing else could move the branch — git is not asked again.
 *
 * @returns `{ ok: true, head, moved }` (`moved: false` when already on `onto`), or
 *   `{ ok: false, conflicts, reason }` with the conflicting paths (relative to the worktree).
 * @throws NxTicketsError `NX_TICKETS_GIT_REF_NOT_FOUND` for an unknown `onto`,
 *   `NX_TICKETS_NO_COMMON_HISTORY` when there is no merge-base; GitCommandError when git refuses
 *   to start (uncommitted changes, a rebase already in progress) or fails without a conflict.
 */
export async function rebaseOnto(worktreePath: string, options: { onto: string; upstream?: string; known?: { head: string; mergeBase: string | undefined } }): Promise<IntegrateResult> {
  // The merge train waits for this on every ticket: the branch head and where it left `onto`, at
  // once — or as the caller read them already.
  const onto = await resolveCommit(worktreePath, options.onto);
  const [before, upstream] = options.known
    ? [options.known.head, options.upstream ?? options.known.mergeBase]
    : await Promise.all([readHead(worktreePath), options.upstream ?? mergeBaseOf(worktreePath, 'HEAD', onto)]);
  if (upstream === undefined) {
    throw new NxTicketsError('NX_TICKETS_NO_COMMON_HISTORY', `The branch in ${worktreePath} shares no history with ${options.onto}.`, { hint: 'Pass the commit to replay from as upstream.', exitCode: 1 });
  }
  // Already on top of `onto` (the first ticket of a train, a branch rebased before): nothing to replay.
  if (upstream === onto) return { ok: true, head: before, moved: false };
  const abort = async (): Promise<void> => {
    await execGit(worktreePath, rebaseAbortArgs(), { okExitCodes: [128] });
  };
  let step = await execGit(worktreePath, rebaseOntoArgs(onto, upstream), { okExitCodes: [1] });
  for (let stops = 0; step.exitCode !== 0; stops += 1) {
    const conflicts = parseNulList((await execGit(worktreePath, unmergedFilesArgs())).stdout).sort();
    if (conflicts.length === 0 || stops >= MAX_STOPS) {
      await abort();
      throw new GitCommandError(rebaseOntoArgs(onto, upstream), worktreePath, step.exitCode, step.stderr || step.stdout);
    }
    const resolution = await resolveLockfileConflicts(worktreePath, conflicts, 'ours');
    if (!resolution.resolved) {
      await abort();
      return { ok: false, conflicts, reason: resolution.reason };
    }
    step = await execGit(worktreePath, rebaseContinueArgs(), { env: { GIT_EDITOR: 'true' }, okExitCodes: [1] }).catch(async (error: unknown) => {
      await abort();
      throw error;
    });
  }
  const head = await readHead(worktreePath);
  return { ok: true, head, moved: head !== before };
}
