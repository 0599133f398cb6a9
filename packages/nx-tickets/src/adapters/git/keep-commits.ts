import { execGit } from './exec-git.js';

/** Commits kept by {@link keepCommitsSince}. */
export interface KeptCommits {
  /** `refs/nx-tickets/kept/<KEY>/<epoch ms>`: the kept head; `git log <ref>` shows the commits. */
  ref: string;
  /** The kept head commit. */
  sha: string;
  /** How many commits the start point does not hold. */
  count: number;
}

/**
 * Keep the commits of the worktree at `path` that `startPoint` does not hold — a person's commits
 * after a failed implement step — under a ref of their own before the worktree is reset to
 * `startPoint`, where the branch would otherwise leave them to the reflog alone. The ref is outside
 * `refs/heads`, so no branch listing, ticket-branch match or push picks it up.
 *
 * @param key the ticket key; characters a ref name cannot hold become `-`.
 * @returns the ref, or `undefined` when HEAD holds nothing the start point does not.
 * @throws GitCommandError when git cannot read HEAD or write the ref.
 */
export async function keepCommitsSince(path: string, startPoint: string, key: string): Promise<KeptCommits | undefined> {
  const { stdout } = await execGit(path, ['rev-list', '--count', `${startPoint}..HEAD`]);
  const count = Number(stdout.trim());
  if (!(count > 0)) return undefined;
  const sha = (await execGit(path, ['rev-parse', '--verify', 'HEAD^{commit}'])).stdout.trim();
  const ref = `refs/nx-tickets/kept/${key.replace(/[^A-Za-z0-9_-]+/g, '-')}/${Date.now()}`;
  // Only if the ref does not exist yet (empty old value): never moves another kept head.
  await execGit(path, ['update-ref', ref, sha, '']);
  return { ref, sha, count };
}
