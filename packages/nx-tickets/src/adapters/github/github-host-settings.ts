/** The git side the GitHub host needs, injected (the adapter does not import the git adapter). */
export interface GitRemote {
  /** Sha of `branch` on the remote, `undefined` when absent. */
  readBranch(branch: string): Promise<string | undefined>;
  /** Push `sha` to `branch` with a lease on `expected` (`null`: must not exist). */
  push(branch: string, sha: string, expected: string | null): Promise<{ ok: true } | { ok: false; detail: string }>;
  /** Fetch `branch` from the remote; its sha. */
  fetch(branch: string, signal?: AbortSignal): Promise<string>;
  /**
   * After a merge: fetch `base` and fast-forward the local base branch to it when it can
   * (compare-and-swap; a checkout with local changes is left alone). Resolves to the fetched head.
   */
  followBase(base: string, merged: string): Promise<string>;
  /** Check `sha` out in the worktree (hard reset of its branch). */
  resetWorktree(worktree: string, sha: string): Promise<void>;
}

/** Merge methods of `PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge`. */
export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** Resolved `host` settings of the GitHub host. */
export interface GitHubHostSettings {
  owner: string;
  repo: string;
  /** Open pull requests as drafts; marked ready for review right before they are merged. */
  draft: boolean;
  labels: string[];
  /** Request reviews from the CODEOWNERS of the changed files (the author skipped). */
  reviewers: boolean;
  /** `rebase`: rebase locally and push with lease; `api`: `PUT …/update-branch`. */
  updateBranch: 'rebase' | 'api';
  waitChecks: boolean;
  /** Seconds to wait for checks before giving up. */
  checksTimeoutSeconds: number;
  /** First poll interval for checks, seconds (doubles up to 30 s). */
  checksPollSeconds: number;
  /** Preferred merge method; the first one the repository allows is used when it does not allow this one. */
  mergeMethod?: MergeMethod;
}
