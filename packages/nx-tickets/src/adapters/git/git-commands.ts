/**
 * git operations as data: each builder returns argv (no shell) for `git`, and each parser reads its
 * output. User-controlled strings (base branch, ref names) only appear after `--end-of-options`,
 * and refs are always passed in full (`refs/heads/…`), so none can be read as an option.
 */

/** Tracked plus untracked, not ignored files, NUL-separated, relative to the working directory. */
export function fileIndexArgs(): string[] {
  return ['ls-files', '-z', '--cached', '--others', '--exclude-standard'];
}

/** Every local and remote-tracking branch as a full ref name, most recently committed first. */
export function listBranchesArgs(): string[] {
  return ['for-each-ref', '--sort=-committerdate', '--format=%(refname)', 'refs/heads', 'refs/remotes'];
}

/** Resolve a user-given base (branch, tag or sha) to a commit; fails when it does not exist. */
export function verifyCommitArgs(revision: string): string[] {
  return ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`];
}

/**
 * Files changed on `ref` since its merge-base with `baseRef` (`base...ref`), NUL-separated,
 * relative to the working directory, renames split into delete + add so both paths count.
 */
export function branchDiffArgs(baseRef: string, ref: string): string[] {
  return ['diff', '--name-only', '-z', '--no-renames', '--relative', '--no-ext-diff', '--end-of-options', `${baseRef}...${ref}`, '--'];
}

/** Split NUL-separated git output into POSIX paths, dropping empties and duplicates (unmerged entries repeat). */
export function parseNulList(output: string): string[] {
  return [...new Set(output.split('\0').filter((path) => path !== ''))];
}

/** Split for-each-ref output into full ref names, without symbolic `refs/remotes/<remote>/HEAD`. */
export function parseRefList(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((ref) => ref !== '' && !/^refs\/remotes\/[^/]+\/HEAD$/.test(ref));
}

/** `refs/heads/feature/x` → `feature/x`; `refs/remotes/origin/x` → `origin/x`. */
export function shortBranchName(ref: string): string {
  return ref.replace(/^refs\/(?:heads|remotes)\//, '');
}
