import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * A simple-git instance for `root`, or `undefined` with the reason when `root` is not inside a git
 * working tree (or git is not installed). The caller decides whether that is a warning or an error.
 */
export async function openGit(root: string): Promise<{ git: SimpleGit } | { git: undefined; reason: string }> {
  try {
    const git = simpleGit({ baseDir: root, maxConcurrentProcesses: 8, trimmed: false });
    if (await git.checkIsRepo()) return { git };
    return { git: undefined, reason: `${root} is not a git repository` };
  } catch (error) {
    return { git: undefined, reason: `git could not run in ${root} (${(error as Error).message.split('\n')[0]})` };
  }
}
