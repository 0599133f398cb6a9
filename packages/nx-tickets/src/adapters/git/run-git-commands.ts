/**
 * git operations of a run (worktrees, commits, rebases, base-branch moves) as data: each builder
 * returns argv for `git` (no shell), each parser reads its output. User-controlled strings (refs,
 * shas, paths) only appear after `--end-of-options` or `--`, or attached to their option
 * (`--onto=<x>`, `--trailer=<x>`); commit messages never appear in argv at all — they go to stdin
 * (`-F -`). Refs are passed in full (`refs/heads/…`) wherever git accepts it.
 */

/** Config that keeps user settings from signing, stashing or moving other branches during our commands. */
const SAFE_COMMIT_CONFIG = ['-c', 'commit.gpgSign=false', '-c', 'rebase.autoStash=false', '-c', 'rebase.autoSquash=false', '-c', 'rebase.updateRefs=false', '-c', 'merge.autoStash=false'];

/** The full ref of a branch (`main` → `refs/heads/main`; a full ref stays as it is): a branch name never reads as an option. */
export const branchRef = (branch: string): string => `refs/heads/${branch.replace(/^refs\/heads\//, '')}`;

/** Absolute git dir shared by all worktrees (`.git` of the main checkout), one line. */
export const commonDirArgs = (): string[] => ['rev-parse', '--path-format=absolute', '--git-common-dir'];

/** Path of the working directory relative to the repository root (`sub/` or empty), one line. */
export const showPrefixArgs = (): string[] => ['rev-parse', '--show-prefix'];

/** Every worktree, NUL-separated porcelain records (git ≥ 2.36). Parse with {@link parseWorktreeList}. */
export const worktreeListArgs = (): string[] => ['worktree', 'list', '--porcelain', '-z'];

/** Forget worktrees whose directory is gone. */
export const worktreePruneArgs = (): string[] => ['worktree', 'prune'];

/** Remove the worktree at absolute `path`, with its untracked files (linked node_modules, Nx data). Check it is clean first. */
export const worktreeRemoveArgs = (path: string): string[] => ['worktree', 'remove', '--force', '--end-of-options', path];

/** Delete `ref` only while it still points at `expected`. */
export const deleteRefArgs = (ref: string, expected: string): string[] => ['update-ref', '-d', '--end-of-options', ref, expected];

/**
 * Add a worktree at absolute `path` on existing branch `branch` (short name, e.g.
 * `feature/PROJ-1-x`) without checking out its files (`--no-checkout`: no index yet); see
 * {@link checkoutArgs} for the files.
 */
export const worktreeAddArgs = (path: string, branch: string): string[] => ['worktree', 'add', '--quiet', '--no-checkout', '--end-of-options', path, branch];

/**
 * Register a worktree at `path` on a new branch `branch` created at commit `sha`, no checkout
 * (`git worktree add -b`): refused when the branch exists. `branch` must have passed
 * `check-ref-format --branch` (so it cannot start with a dash); it is given stuck to `-b`.
 */
export const worktreeAddNewBranchArgs = (path: string, branch: string, sha: string): string[] => ['worktree', 'add', '--quiet', '--no-checkout', `-b${branch}`, '--end-of-options', path, sha];

/** Fill a worktree's index and files from its HEAD (the checkout `git worktree add` would have done). */
export const checkoutArgs = (): string[] => ['reset', '--hard', '--quiet', '--no-recurse-submodules'];

/** Create `ref` at `sha` only when it does not exist yet (empty old value = must not exist). */
export const createRefArgs = (ref: string, sha: string, reason: string): string[] => ['update-ref', '--create-reflog', `-m${reason}`, '--end-of-options', ref, sha, ''];

/** Move `ref` to `to` only while it still points at `expected` (compare-and-swap). */
export const compareAndSwapRefArgs = (ref: string, to: string, expected: string, reason: string): string[] => ['update-ref', `-m${reason}`, '--end-of-options', ref, to, expected];

/** Resolve `revision` to a commit sha; exit 1 (quiet) when it does not exist. */
export const revParseCommitArgs = (revision: string): string[] => ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`];

/** Exit 0 when `a` is an ancestor of (or equal to) `b`, 1 when not. */
export const isAncestorArgs = (a: string, b: string): string[] => ['merge-base', '--is-ancestor', '--end-of-options', a, b];

/** The best common ancestor of `a` and `b`; exit 1 when they share no history. */
export const mergeBaseArgs = (a: string, b: string): string[] => ['merge-base', '--end-of-options', a, b];

/** Whether `name` is a valid branch name (exit 0) — rejects names starting with `-` and invalid refs. */
export const checkBranchNameArgs = (name: string): string[] => ['check-ref-format', '--branch', name];

/** Stage every change, including deletions and untracked files. */
export const addAllArgs = (): string[] => ['add', '--all'];

/** Exit 1 when the index differs from HEAD (something to commit), 0 when not. */
export const stagedChangesArgs = (): string[] => ['diff', '--cached', '--quiet', '--no-ext-diff'];

/** A configured value; exit 1 when unset. */
export const configGetArgs = (key: string): string[] => ['config', '--get', key];

/**
 * Commit the index with the message read from stdin (`-F -`), kept verbatim apart from whitespace
 * (so `#42: …` is not dropped as a comment), trailers appended by git, never signed.
 *
 * @param identity `-c user.name=… -c user.email=…` fallbacks, empty when the repository has an author.
 */
export function commitArgs(trailers: Record<string, string>, identity: string[] = [], messageFile = '-'): string[] {
  const trailerArgs = Object.entries(trailers).map(([token, value]) => `--trailer=${token}: ${value}`);
  return [...identity, ...SAFE_COMMIT_CONFIG, 'commit', '--quiet', '--no-gpg-sign', '--cleanup=whitespace', `--file=${messageFile}`, ...trailerArgs];
}

/** Files changed between `from` and `to`, NUL-separated, relative to the working directory, renames split. */
export const diffNamesArgs = (from: string, to: string): string[] => ['diff', '--name-only', '-z', '--no-renames', '--relative', '--no-ext-diff', '--end-of-options', from, to, '--'];

/** Unmerged (conflicting) paths of a stopped rebase or merge, NUL-separated, relative to the working directory. */
export const unmergedFilesArgs = (): string[] => ['diff', '--name-only', '-z', '--relative', '--diff-filter=U'];

/** Replay the commits after `upstream` onto `onto`, without signing, stashing or moving other branches. */
export const rebaseOntoArgs = (onto: string, upstream: string): string[] => [...SAFE_COMMIT_CONFIG, 'rebase', '--no-autosquash', `--onto=${onto}`, '--end-of-options', upstream];

/** Continue a stopped rebase (run with `GIT_EDITOR=true`). */
export const rebaseContinueArgs = (): string[] => [...SAFE_COMMIT_CONFIG, 'rebase', '--continue'];

/** Give up a stopped rebase: the branch returns to where it was. */
export const rebaseAbortArgs = (): string[] => ['rebase', '--abort'];

/** Merge `ref` into the current branch with a merge commit and git's default message. */
export const mergeNoFfArgs = (ref: string): string[] => [...SAFE_COMMIT_CONFIG, 'merge', '--no-ff', '--no-edit', '--end-of-options', ref];

/** Conclude a merge whose conflicts were resolved and staged, with the prepared message. */
export const mergeContinueArgs = (): string[] => [...SAFE_COMMIT_CONFIG, 'commit', '--quiet', '--no-edit', '--no-gpg-sign'];

/** Give up a stopped merge: index and working tree return to HEAD. */
export const mergeAbortArgs = (): string[] => ['merge', '--abort'];

/** Fast-forward the checked-out branch to `to`; fails rather than create a merge commit. */
export const mergeFastForwardArgs = (to: string): string[] => [...SAFE_COMMIT_CONFIG, 'merge', '--ff-only', '--quiet', '--end-of-options', to];

/** Untracked, not ignored paths (a new folder as one `dir/` entry), NUL-separated porcelain v1: read with {@link parseUntrackedPaths}. */
export const untrackedStatusArgs = (): string[] => ['status', '--porcelain', '-z', '--untracked-files=normal'];

/** The untracked paths (`?? path` entries) of {@link untrackedStatusArgs} output. */
export function parseUntrackedPaths(output: string): string[] {
  return output.split('\0').filter((entry) => entry.startsWith('?? ')).map((entry) => entry.slice(3));
}

/** Changed tracked files (index or working tree), NUL-separated porcelain v1; untracked files left out. */
export const trackedStatusArgs = (): string[] => ['status', '--porcelain', '-z', '--untracked-files=no'];

/** Take `side`'s version of conflicting `paths` (`ours` in a rebase is the branch being rebased onto). */
export const checkoutSideArgs = (side: 'ours' | 'theirs', paths: readonly string[]): string[] => ['checkout', `--${side}`, '--', ...paths];

/** Stage exactly `paths`. */
export const addPathsArgs = (paths: readonly string[]): string[] => ['add', '--', ...paths];

/** Whether `path` is ignored (exit 0) or not (exit 1). check-ignore refuses literal pathspecs: run it with `GIT_LITERAL_PATHSPECS=0` and a fixed path. */
export const checkIgnoreArgs = (path: string): string[] => ['check-ignore', '--quiet', '--', path];

/** Tracked files under `path`, NUL-separated. */
export const listTrackedArgs = (path: string): string[] => ['ls-files', '-z', '--', path];

/** One worktree from `git worktree list --porcelain -z`. */
export interface WorktreeRecord {
  /** Absolute path. */
  path: string;
  /** Checked-out commit, absent for a bare repository. */
  head: string | undefined;
  /** Full ref of the checked-out branch (`refs/heads/…`), absent when detached or bare. */
  branch: string | undefined;
  /** git marks it prunable (its directory is gone). */
  prunable: boolean;
  bare: boolean;
}

/** Parse {@link worktreeListArgs} output: records are NUL-terminated lines, separated by an empty line. */
export function parseWorktreeList(output: string): WorktreeRecord[] {
  const records: WorktreeRecord[] = [];
  let current: WorktreeRecord | undefined;
  for (const line of output.split('\0')) {
    if (line === '') {
      if (current) records.push(current);
      current = undefined;
      continue;
    }
    const space = line.indexOf(' ');
    const [label, value] = space === -1 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
    if (label === 'worktree') current = { path: value, head: undefined, branch: undefined, prunable: false, bare: false };
    else if (!current) continue;
    else if (label === 'HEAD') current.head = value;
    else if (label === 'branch') current.branch = value;
    else if (label === 'prunable') current.prunable = true;
    else if (label === 'bare') current.bare = true;
  }
  if (current) records.push(current);
  return records;
}

/** Paths from `status --porcelain -z` output (`XY path`, renames carry a second NUL-terminated path). */
export function parsePorcelainPaths(output: string): string[] {
  const entries = output.split('\0');
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index] ?? '';
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') index += 1;
  }
  return paths;
}
