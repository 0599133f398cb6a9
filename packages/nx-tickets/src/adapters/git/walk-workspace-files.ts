import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore from 'ignore';

/** Folders never listed by the fallback walk. */
export const WALK_EXCLUDED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.nx', 'dist']);

/**
 * List the files of a folder that is not a git repository: every regular file below `root`,
 * skipping {@link WALK_EXCLUDED_DIRS} and whatever the root `.gitignore` ignores. Symlinks are not
 * followed. Paths are workspace-relative, POSIX, sorted.
 */
export async function walkWorkspaceFiles(root: string): Promise<string[]> {
  const ignored = ignore();
  try {
    ignored.add(await readFile(join(root, '.gitignore'), 'utf8'));
  } catch {
    // No root .gitignore: only the fixed exclusions apply.
  }
  const files: string[] = [];
  const pending = [''];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!WALK_EXCLUDED_DIRS.has(entry.name) && !ignored.ignores(`${path}/`)) pending.push(path);
      } else if (entry.isFile() && !ignored.ignores(path)) {
        files.push(path);
      }
    }
  }
  return files.sort();
}
