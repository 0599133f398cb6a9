import { execGit } from './exec-git.js';
import { stashListArgs, stashPushArgs } from './run-git-commands.js';
import { withRepositoryLock } from './with-repository-lock.js';

/** A stash entry made by {@link stashUncommittedWork}. */
export interface StashedWork {
  /** `stash@{n}` when it was made; later entries (of any worktree of the repository) shift `n`. */
  ref: string;
  /** The stash commit: `git stash apply <sha>` finds it whatever entries were added since. */
  sha: string;
  /** Its message, as `git stash list` shows it. */
  message: string;
}

/**
 * Keep the uncommitted work of the worktree at `path` — changes to tracked files and untracked
 * files, not ignored ones — in a new git stash entry (`git stash push --include-untracked`), so
 * the worktree can be reset without losing anything. The stash is shared by every worktree of the
 * repository: entries are pushed one at a time per repository (in this thread) and retried while
 * another process holds the stash's lock.
 *
 * @param message the entry's message (`nx-tickets: PROJ-1 before implement ran again`).
 * @param identity `-c user.name=… -c user.email=…` fallbacks (see `fallbackIdentity`): git writes
 *   the entry as a commit.
 * @returns the entry, or `undefined` when there was nothing to keep.
 * @throws GitCommandError when git cannot stash (then nothing was changed in the worktree).
 */
export async function stashUncommittedWork(path: string, message: string, identity: readonly string[] = []): Promise<StashedWork | undefined> {
  const status = await execGit(path, ['status', '--porcelain', '-z', '--untracked-files=normal']);
  if (status.stdout === '') return undefined;
  return withRepositoryLock(
    path,
    async () => {
      await execGit(path, [...identity, ...stashPushArgs(message)]);
      // Newest first: the first entry with this message is the one just pushed.
      const listed = await execGit(path, stashListArgs());
      for (const line of listed.stdout.split('\n')) {
        const [ref, sha, subject] = line.split('\0');
        if (ref && sha && subject?.endsWith(message)) return { ref, sha, message: subject };
      }
      return undefined;
    },
    { lane: 'stash' },
  );
}
