import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { safeKey, TICKETS_DIR } from './run-store.js';

/**
 * Where Nx keeps a ticket's workspace data (project graph, its database) and, with
 * `verify.cache: isolated`, its cache: `<root>/.nx/tickets/workspace-data/<KEY>` and
 * `<root>/.nx/tickets/cache/<KEY>`, in the main checkout. Outside the worktree, so the commit step
 * never records them, whatever the workspace's `.gitignore` says; `.nx/tickets` is kept out of git
 * by `ensureWorktreesIgnored`.
 *
 * @param root the main checkout's workspace root (the folder holding `.nx/tickets`).
 */
export function nxDataDirs(root: string, key: string): { workspaceData: string; cache: string } {
  return { workspaceData: join(root, TICKETS_DIR, 'workspace-data', safeKey(key)), cache: join(root, TICKETS_DIR, 'cache', safeKey(key)) };
}

/** Remove a ticket's Nx data and isolated cache ({@link nxDataDirs}): derived data, rebuilt when needed. */
export async function removeNxData(root: string, key: string): Promise<void> {
  const dirs = nxDataDirs(root, key);
  await Promise.all([rm(dirs.workspaceData, { recursive: true, force: true }), rm(dirs.cache, { recursive: true, force: true })]);
}
