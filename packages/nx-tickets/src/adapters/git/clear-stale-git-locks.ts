import { realpath, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readCommonDir } from './read-common-dir.js';
import { waitForGitIn } from './recover-worktree.js';

/** Options of {@link clearStaleGitLocks}. */
export interface ClearStaleGitLocksOptions {
  /** Short names of the branches the run writes: the base branch and every ticket branch. */
  branches: readonly string[];
  /** Absolute paths of the run's worktrees (git processes working there are waited for too). */
  worktrees?: readonly string[];
  /** How long to wait for git processes still working in the repository, ms (default 10 000). */
  waitMs?: number;
}

/**
 * After the runner was killed (SIGKILL, a crash) in the middle of a git command, git's lock files
 * stay behind and every later write fails with "Unable to create '….lock': File exists". Before a
 * run continues, remove the stale ones among those the run's own commands take in the shared git
 * dir: the refs of the run's branches (`refs/heads/<branch>.lock`, from `update-ref`, a commit or a
 * rebase), `packed-refs.lock`, and the main checkout's `index.lock`, `HEAD.lock` and
 * `ORIG_HEAD.lock` (the merge train fast-forwards a checked-out base branch there). A lock counts as stale only when, after waiting (up to `waitMs`)
 * until no git process works in the repository or the run's worktrees (Linux: `/proc`), the very
 * same file (same inode) is still there — a lock some git takes meanwhile is a new file and is
 * left alone. A healthy repository costs a few `stat` calls.
 *
 * @returns the lock files removed (absolute paths).
 * @throws GitCommandError when `root` is not in a git repository.
 */
export async function clearStaleGitLocks(root: string, options: ClearStaleGitLocksOptions): Promise<string[]> {
  const { commonDir } = await readCommonDir(root);
  const candidates = [
    ...options.branches.map((branch) => join(commonDir, 'refs', 'heads', `${branch.replace(/^refs\/heads\//, '')}.lock`)),
    join(commonDir, 'packed-refs.lock'),
    join(commonDir, 'index.lock'),
    join(commonDir, 'HEAD.lock'),
    // `git merge --ff-only` of a checked-out base branch writes ORIG_HEAD before moving it.
    join(commonDir, 'ORIG_HEAD.lock'),
  ];
  const seen = new Map<string, number>();
  for (const path of candidates) {
    const inode = await stat(path).then((s) => s.ino, () => undefined);
    if (inode !== undefined) seen.set(path, inode);
  }
  if (seen.size === 0) return [];
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  const mainCheckout = await realpath(join(commonDir, '..')).catch(() => root);
  for (const dir of [mainCheckout, ...(options.worktrees ?? [])]) await waitForGitIn(dir, Math.max(0, deadline - Date.now()));
  const removed: string[] = [];
  for (const [path, inode] of seen) {
    if ((await stat(path).then((s) => s.ino, () => undefined)) !== inode) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}
