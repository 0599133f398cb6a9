import { advanceBaseBranch } from './advance-base-branch.js';
import { execGit } from './exec-git.js';
import { isAncestor, readHead } from './read-head.js';
import { createRefArgs } from './run-git-commands.js';

/**
 * Bring the local base branch up to `refs/remotes/<remote>/<base>` (fetched before): create it
 * there when it does not exist, fast-forward it when it is behind (see `advanceBaseBranch`: a
 * checkout with local changes is not touched). A local base that is ahead or has diverged is left
 * as it is. Returns the remote's sha, or `undefined` when the remote has no such branch.
 *
 * @throws GitCommandError when git fails.
 */
export async function followRemoteBase(root: string, remote: string, base: string): Promise<string | undefined> {
  const remoteHead = await readHead(root, `refs/remotes/${remote}/${base}`).catch(() => undefined);
  if (remoteHead === undefined) return undefined;
  const local = await readHead(root, `refs/heads/${base}`).catch(() => undefined);
  if (local === undefined) await execGit(root, createRefArgs(`refs/heads/${base}`, remoteHead, `nx-tickets: ${base} from ${remote}`));
  else if (local !== remoteHead && (await isAncestor(root, local, remoteHead))) await advanceBaseBranch(root, { base, to: remoteHead, expected: local });
  return remoteHead;
}
