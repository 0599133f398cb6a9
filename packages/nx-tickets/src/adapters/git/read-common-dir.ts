import { realpath } from 'node:fs/promises';
import { execGit } from './exec-git.js';
import { commonDirArgs, showPrefixArgs } from './run-git-commands.js';

/**
 * The git dir shared by every worktree of the repository that contains `path` (the main checkout's
 * `.git`, symlinks resolved), and `path`'s folder relative to its worktree root (`''` or `sub/`).
 *
 * @throws GitCommandError (`NX_TICKETS_GIT_FAILED`) when `path` is not inside a git working tree.
 */
export async function readCommonDir(path: string): Promise<{ commonDir: string; prefix: string }> {
  const [commonDir, prefix] = await Promise.all([execGit(path, commonDirArgs()), execGit(path, showPrefixArgs())]);
  return { commonDir: await realpath(commonDir.stdout.trim()), prefix: prefix.stdout.trim() };
}
