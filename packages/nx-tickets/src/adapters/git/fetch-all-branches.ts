import { execGit } from './exec-git.js';
import { withRepositoryLock } from './with-repository-lock.js';

/**
 * Whether the repository has a git remote named `remote`.
 *
 * @throws GitCommandError when `root` is not in a git repository.
 */
export async function hasRemote(root: string, remote: string): Promise<boolean> {
  const { stdout } = await execGit(root, ['remote']);
  return stdout.split('\n').some((name) => name.trim() === remote);
}

/**
 * Fetch every branch of `remote` into `refs/remotes/<remote>/*` (forced and pruned: the remote is
 * the truth), in the repository's queue (see `withRepositoryLock`). The merge job of a CI run reads
 * the ticket branches the shards pushed from there.
 *
 * @throws GitCommandError when the remote cannot be fetched.
 */
export async function fetchAllBranches(root: string, remote: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  const refspec = `+refs/heads/*:refs/remotes/${remote}/*`;
  await withRepositoryLock(root, () => execGit(root, ['fetch', '--quiet', '--prune', '--no-tags', '--', remote, refspec], options.signal ? { signal: options.signal } : {}));
}
