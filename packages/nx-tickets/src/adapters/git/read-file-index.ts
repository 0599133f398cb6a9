import { fileIndexArgs, parseNulList } from './git-commands.js';
import { openGit } from './open-git.js';
import { walkWorkspaceFiles } from './walk-workspace-files.js';

/** The workspace's files and how they were found. */
export interface FileIndex {
  /** Workspace-relative POSIX paths, de-duplicated, sorted. */
  files: string[];
  /** Set when git could not be used and the file system was walked instead. */
  warnings: string[];
}

/**
 * Every file of the workspace: tracked plus untracked-but-not-ignored
 * (`git ls-files -z --cached --others --exclude-standard` run in `root`, so paths are relative to
 * `root` even when the repository starts higher up). Outside a git repository the file system is
 * walked instead (skipping node_modules, .git, .nx, dist and the root .gitignore), with a warning.
 *
 * @param root absolute workspace root.
 * @throws when git fails inside a repository, or the walk cannot read a folder.
 */
export async function readFileIndex(root: string): Promise<FileIndex> {
  const opened = await openGit(root);
  if (!opened.git) {
    return {
      files: await walkWorkspaceFiles(root),
      warnings: [`file index read from the file system: ${opened.reason}; run git init so ignored files are left out`],
    };
  }
  return { files: parseNulList(await opened.git.raw(fileIndexArgs())).sort(), warnings: [] };
}
