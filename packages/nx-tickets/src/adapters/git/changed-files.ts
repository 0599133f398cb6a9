import { execGit } from './exec-git.js';
import { parseNulList } from './git-commands.js';
import { diffNamesArgs } from './run-git-commands.js';

/**
 * Files that differ between commits `from` and `to` in the repository at `path`
 * (`git diff --name-only -z --no-renames from to`): a rename counts as its old and its new path.
 * Paths are POSIX, relative to `path`, sorted, without duplicates.
 *
 * @throws GitCommandError when either is not a commit or `path` is not in a repository.
 */
export async function changedFiles(path: string, from: string, to = 'HEAD'): Promise<string[]> {
  return parseNulList((await execGit(path, diffNamesArgs(from, to))).stdout).sort();
}
