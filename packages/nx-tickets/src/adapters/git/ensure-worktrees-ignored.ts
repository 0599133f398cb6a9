import { NxTicketsError } from '@nx-tickets/core';
import { addExcludePattern } from './add-exclude-pattern.js';

/** Folder of nx-tickets' worktrees and run state, relative to the workspace root. */
const TICKETS_DIR = '.nx/tickets';

/**
 * Keep nx-tickets' folder (worktrees, run state) out of git's and Nx's view: add `/<dir>/` to the
 * repository's `info/exclude` (in the common git dir, so it holds for every worktree) unless it is
 * there already. The user's `.gitignore` is never edited. Checked with Nx 24: a worktree nested in
 * the workspace otherwise makes Nx see every project twice ("defined in multiple locations") and
 * fails the project graph of the main checkout; Nx honours `info/exclude`, so no `.nxignore` is needed.
 *
 * @param root absolute workspace root (may be a sub-folder of the repository; the line is anchored to it).
 * @param dir workspace-relative folder, default `.nx/tickets`.
 * @returns the exclude file and whether a line was added (false on every later call).
 * @throws NxTicketsError `NX_TICKETS_INVALID_OPTION` when `dir` is absolute or leaves the workspace;
 *   GitCommandError when `root` is not in a git working tree.
 */
export async function ensureWorktreesIgnored(root: string, dir: string = TICKETS_DIR): Promise<{ excludeFile: string; added: boolean }> {
  const clean = dir.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean === '' || clean.startsWith('/') || /^[A-Za-z]:/.test(clean) || clean.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw new NxTicketsError('NX_TICKETS_INVALID_OPTION', `The worktrees folder "${dir}" must be a folder inside the workspace.`, {
      hint: 'Use a workspace-relative folder such as .nx/tickets.',
    });
  }
  return addExcludePattern(root, `${clean}/`);
}
