import { execGit } from './exec-git.js';
import { branchRef } from './run-git-commands.js';
import { withRepositoryLock } from './with-repository-lock.js';


/**
 * The sha of `branch` on `remote` (`git ls-remote --heads <remote> refs/heads/<branch>`), or
 * `undefined` when the remote has no such branch.
 *
 * @throws GitCommandError when the remote cannot be reached.
 */
export async function readRemoteBranch(root: string, remote: string, branch: string): Promise<string | undefined> {
  const { stdout } = await execGit(root, ['ls-remote', '--heads', '--', remote, branchRef(branch)]);
  return stdout.split('\n').map((line) => line.split('\t')).find((fields) => fields[1] === branchRef(branch))?.[0];
}

/** Outcome of {@link pushBranch}: pushed, or refused because the remote branch was not at `expected`. */
export type PushResult = { ok: true } | { ok: false; reason: 'stale-lease'; detail: string };

/**
 * Push commit `sha` to `refs/heads/<branch>` on `remote` with `--force-with-lease` against
 * `expected` (the sha the remote branch must still have; `null`: it must not exist), so a rebased
 * branch replaces only what we saw there and never a push someone else made meanwhile.
 *
 * @throws GitCommandError for failures other than a stale lease (network, permissions).
 */
export async function pushBranch(root: string, options: { remote: string; branch: string; sha: string; expected: string | null }): Promise<PushResult> {
  const ref = branchRef(options.branch);
  const args = ['push', '--porcelain', `--force-with-lease=${ref}:${options.expected ?? ''}`, '--', options.remote, `${options.sha}:${ref}`];
  const result = await execGit(root, args, { okExitCodes: [1] });
  if (result.exitCode === 0) return { ok: true };
  return { ok: false, reason: 'stale-lease', detail: (result.stdout + result.stderr).trim().split('\n').filter((l) => /rejected|stale/.test(l)).join(' ') || 'the remote branch moved' };
}

/**
 * Fetch `branch` from `remote` into `refs/remotes/<remote>/<branch>` (forced: the remote is the truth)
 * and return its sha. Runs in the repository's queue (see `withRepositoryLock`): a fetch during a
 * `git worktree add` fails on the new worktree's missing HEAD.
 *
 * @throws GitCommandError when the remote or the branch cannot be fetched.
 */
export async function fetchBranch(root: string, options: { remote: string; branch: string; signal?: AbortSignal }): Promise<string> {
  const branch = options.branch.replace(/^refs\/heads\//, '');
  const tracking = `refs/remotes/${options.remote}/${branch}`;
  // git fetch reads the HEAD of every worktree: not while one is being added (in this process, the
  // repository queue keeps them apart; another process's half-added worktree is retried).
  await withRepositoryLock(root, () => execGit(root, ['fetch', '--quiet', '--no-tags', '--', options.remote, `+${branchRef(branch)}:${tracking}`], options.signal ? { signal: options.signal } : {}));
  return (await execGit(root, ['rev-parse', '--verify', `${tracking}^{commit}`])).stdout.trim();
}

/**
 * Point the branch checked out in `worktree` at `sha` and make the files match (`git reset --hard`):
 * used after the host rewrote the branch (update-branch, a push by someone else) and the new head was fetched.
 */
export async function resetWorktreeTo(worktree: string, sha: string): Promise<void> {
  await execGit(worktree, ['reset', '--quiet', '--hard', sha]);
}
