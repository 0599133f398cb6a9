import { mkdir, readFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCommonDir } from './read-common-dir.js';
import { withRepositoryLock } from './with-repository-lock.js';

/** Escape the characters gitignore treats as wildcards, so a folder name matches literally. */
const escapeGlob = (path: string): string => path.replace(/[\\*?[\]]/g, (char) => `\\${char}`);

/**
 * Ignore `path` (relative to the folder `root`, POSIX; a trailing `/` matches folders only) in the
 * repository's `info/exclude` — the ignore file git keeps per repository, shared by every worktree,
 * never committed — by adding the line `/<root's prefix in the repository><path>` unless it is
 * there. The user's `.gitignore` is never touched. Idempotent; serialised per repository.
 *
 * @returns the exclude file's absolute path and whether a line was added.
 * @throws GitCommandError when `root` is not in a git working tree; fs errors writing the file.
 */
export async function addExcludePattern(root: string, path: string): Promise<{ excludeFile: string; added: boolean }> {
  const { commonDir, prefix } = await readCommonDir(root);
  const excludeFile = join(commonDir, 'info', 'exclude');
  const line = `/${escapeGlob(`${prefix}${path.replace(/^\/+/, '')}`)}`;
  return withRepositoryLock(root, async () => {
    let text = '';
    try {
      text = await readFile(excludeFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text.split(/\r?\n/).some((existing) => existing.trim() === line)) return { excludeFile, added: false };
    await mkdir(join(commonDir, 'info'), { recursive: true });
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    await appendFile(excludeFile, `${separator}# added by nx-tickets\n${line}\n`);
    return { excludeFile, added: true };
  }, { lane: 'exclude' });
}
