import { NxTicketsError } from '@nx-tickets/core';
import { execGit } from './exec-git.js';
import { isAncestorArgs, mergeBaseArgs, revParseCommitArgs } from './run-git-commands.js';

/**
 * The commit sha `ref` points at, read in the repository (or worktree) at `path`. `HEAD` is the
 * worktree's own HEAD; branches are best given in full (`refs/heads/main`).
 *
 * @returns a 40-character sha (64 in SHA-256 repositories).
 * @throws NxTicketsError `NX_TICKETS_GIT_REF_NOT_FOUND` when `ref` names no commit;
 *   GitCommandError when `path` is not in a git repository.
 */
export async function readHead(path: string, ref = 'HEAD'): Promise<string> {
  const { stdout, exitCode } = await execGit(path, revParseCommitArgs(ref), { okExitCodes: [1] });
  if (exitCode === 1 || stdout.trim() === '') {
    throw new NxTicketsError('NX_TICKETS_GIT_REF_NOT_FOUND', `"${ref}" is not a commit in ${path}.`, { hint: 'Check the branch name, or fetch it first.', exitCode: 1 });
  }
  return stdout.trim();
}

/** A full commit id (SHA-1 or SHA-256). */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * `revision` as a commit sha: a full commit id as it is (no git process: the merge train and
 * worktree creation pass ids they already resolved), anything else through {@link readHead}.
 *
 * @throws what {@link readHead} throws, for a revision that is not a full id.
 */
export async function resolveCommit(path: string, revision: string): Promise<string> {
  return FULL_SHA.test(revision) ? revision : readHead(path, revision);
}

/**
 * Whether commit `a` is an ancestor of `b` (or the same commit), i.e. moving from `a` to `b` is a
 * fast-forward (`git merge-base --is-ancestor`).
 *
 * @throws GitCommandError when either is not a commit or `root` is not a repository.
 */
export async function isAncestor(root: string, a: string, b: string): Promise<boolean> {
  return (await execGit(root, isAncestorArgs(a, b), { okExitCodes: [1] })).exitCode === 0;
}

/**
 * The best common ancestor of `a` and `b` (`git merge-base`), or `undefined` when they share no history.
 *
 * @throws GitCommandError when either is not a commit or `root` is not a repository.
 */
export async function mergeBaseOf(root: string, a: string, b: string): Promise<string | undefined> {
  const { stdout, exitCode } = await execGit(root, mergeBaseArgs(a, b), { okExitCodes: [1] });
  return exitCode === 0 ? stdout.trim() : undefined;
}
