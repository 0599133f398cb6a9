import { execGit, GitCommandError } from './exec-git.js';
import { branchRef, compareAndSwapRefArgs, mergeFastForwardArgs, revParseCommitArgs, trackedStatusArgs, worktreeListArgs, parsePorcelainPaths, parseWorktreeList, type WorktreeRecord } from './run-git-commands.js';
import { isAncestor } from './read-head.js';
import { withRepositoryLock } from './with-repository-lock.js';

/** Throw a lock failure (another git process holds a `.lock`) so {@link withRepositoryLock} retries it. */
function throwIfLocked(args: string[], cwd: string, result: { stderr: string; exitCode: number }): void {
  if (result.exitCode !== 0 && /Unable to create '[^']*\.lock'/.test(result.stderr)) throw new GitCommandError(args, cwd, result.exitCode, result.stderr);
}

/** Where the base branch is checked out (`undefined`: nowhere), and whether that checkout has no tracked changes. */
export interface BaseCheckout {
  checkout?: string;
  clean: boolean;
}

/** Options of {@link advanceBaseBranch}. */
export interface AdvanceOptions {
  /** Short branch name (`main`). */
  base: string;
  /** Commit sha to move the base to. */
  to: string;
  /** Commit sha the base must be at. */
  expected: string;
  /** The caller made `to` on top of `expected` (a rebase onto it): no need to ask git. */
  descends?: boolean;
  /** {@link readBaseCheckout}'s answer, read while the caller made `to`. */
  prepared?: BaseCheckout;
}

/**
 * Where branch `base` is checked out (the user's main checkout or any worktree) and whether that
 * checkout's index and tracked files are clean: what {@link advanceBaseBranch} needs besides the
 * commits, read ahead while the merge train rebases a ticket.
 *
 * @param root absolute path inside the repository.
 * @throws GitCommandError when git fails.
 */
export async function readBaseCheckout(root: string, base: string): Promise<BaseCheckout> {
  const checkout = findBaseCheckout((await execGit(root, worktreeListArgs())).stdout, branchRef(base));
  if (!checkout) return { clean: true };
  return { checkout: checkout.path, clean: parsePorcelainPaths((await execGit(checkout.path, trackedStatusArgs())).stdout).length === 0 };
}

/** The worktree (main checkout included) that has `ref` checked out, from `git worktree list --porcelain -z` output. */
function findBaseCheckout(list: string, ref: string): WorktreeRecord | undefined {
  return parseWorktreeList(list).find((worktree) => worktree.branch === ref && !worktree.prunable && !worktree.bare);
}

/**
 * Move `ref` from `expected` to `to`: compare-and-swap when nothing has it checked out, else
 * `merge --ff-only` in `checkout`. A non-zero exit code when git refuses (the ref moved, not a
 * fast-forward, files in the way); a lock file held by another process is thrown, for the
 * repository queue to retry.
 */
async function moveBase(root: string, ref: string, to: string, expected: string, checkout: string | undefined): Promise<{ exitCode: number; stderr: string }> {
  const args = checkout === undefined ? compareAndSwapRefArgs(ref, to, expected, 'nx-tickets: merge train') : mergeFastForwardArgs(to);
  const cwd = checkout ?? root;
  const moved = await execGit(cwd, args, { okExitCodes: [1, 128] });
  throwIfLocked(args, cwd, moved);
  return moved;
}

/** Per repository root: the checkout that had the base branch at the last advance (undefined: none). */
const lastCheckout = new Map<string, string | undefined>();

/** Outcome of {@link advanceBaseBranch}. */
export type AdvanceResult = { ok: true } | { ok: false; reason: 'moved' | 'not-fast-forward' | 'checked-out-dirty'; detail: string };

/**
 * Fast-forward branch `base` from `expected` to `to` — the merge train's only write to the base
 * branch. Refused unless `refs/heads/<base>` is still at `expected` (`moved`) and `to` descends from
 * it (`not-fast-forward`). When no worktree has `base` checked out, the ref is moved with a
 * compare-and-swap (`git update-ref refs/heads/<base> <to> <expected>`). When a checkout (the
 * user's main one or any worktree) has it, that checkout is fast-forwarded with
 * `git merge --ff-only` — only when its index and tracked files are clean; with local changes it is
 * not touched (`checked-out-dirty`, listing the files). No other branch, index or file is changed.
 *
 * @param root absolute path inside the repository.
 * With `descends` and a clean `prepared` checkout (the merge train's path), the base is moved at
 * once and the checks run only when git refuses. A checkout that got the base checked out in the
 * moment between `prepared` being read and the move is not seen: the compare-and-swap then moves
 * the branch under it.
 *
 * @param options `base` short branch name (`main`), `to` and `expected` commit shas; see {@link AdvanceOptions}.
 * @returns `{ ok: true }` (also when `to` equals `expected`), or why nothing moved, with a sentence.
 * @throws GitCommandError when `to` or `expected` is not a commit, or git fails otherwise.
 */
export async function advanceBaseBranch(root: string, options: AdvanceOptions): Promise<AdvanceResult> {
  const { base, to, expected } = options;
  const ref = branchRef(base);
  return withRepositoryLock(root, async (): Promise<AdvanceResult> => {
    // The merge train's path: it read the checkout while rebasing, and `to` is its rebase onto
    // `expected`. The move itself checks the rest (update-ref compares, merge --ff-only refuses
    // what is not a fast-forward); when it refuses, the reads below say why.
    if (options.descends === true && options.prepared?.clean === true && to !== expected && (await moveBase(root, ref, to, expected, options.prepared.checkout)).exitCode === 0) return { ok: true };
    // Independent reads at once: the merge train waits for this on every ticket. The status of the
    // checkout that had the base last time (at first: the main one) is read with them; it is used
    // only when the base is still checked out there.
    const guess = lastCheckout.has(root) ? lastCheckout.get(root) : root;
    const [read, descends, list, guessed] = await Promise.all([
      execGit(root, revParseCommitArgs(ref), { okExitCodes: [1] }),
      isAncestor(root, expected, to),
      execGit(root, worktreeListArgs()),
      guess === undefined ? undefined : execGit(guess, trackedStatusArgs(), { okExitCodes: [128] }).catch(() => undefined),
    ]);
    const current = read.stdout.trim();
    if (current !== expected) return { ok: false, reason: 'moved', detail: `${base} is at ${current || 'nothing'}, not at ${expected}; rebase on the new ${base} first` };
    if (!descends) return { ok: false, reason: 'not-fast-forward', detail: `${to} does not descend from ${base} (${expected}); rebase it on ${base} first` };
    if (to === expected) return { ok: true };
    const checkout = findBaseCheckout(list.stdout, ref);
    lastCheckout.set(root, checkout?.path);
    if (!checkout) {
      const swapped = await moveBase(root, ref, to, expected, undefined);
      if (swapped.exitCode === 0) return { ok: true };
      return { ok: false, reason: 'moved', detail: `${base} moved while being advanced (${swapped.stderr.trim().split('\n')[0]})` };
    }
    const status = checkout.path === guess && guessed?.exitCode === 0 ? guessed : await execGit(checkout.path, trackedStatusArgs());
    const dirty = parsePorcelainPaths(status.stdout);
    if (dirty.length > 0) {
      return { ok: false, reason: 'checked-out-dirty', detail: `${base} is checked out in ${checkout.path} with uncommitted changes (${dirty.join(', ')}); commit or stash them, then continue with \`nx-tickets resume\`` };
    }
    const merged = await moveBase(root, ref, to, expected, checkout.path);
    if (merged.exitCode !== 0) {
      return { ok: false, reason: 'checked-out-dirty', detail: `${base} is checked out in ${checkout.path} and could not be fast-forwarded (${merged.stderr.trim().split('\n').slice(0, 3).join(' ')}); move the files in the way, then continue with \`nx-tickets resume\`` };
    }
    return { ok: true };
  }, { lane: 'base' });
}
