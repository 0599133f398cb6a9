import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, realpath, symlink, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { addExcludePattern } from './add-exclude-pattern.js';
import { execGit } from './exec-git.js';
import { readCommonDir } from './read-common-dir.js';
import { checkIgnoreArgs } from './run-git-commands.js';

/**
 * Give a worktree the main checkout's dependencies without sharing its workspace packages: a real
 * `node_modules` folder whose entries link to the main checkout's, except links to the workspace's
 * own packages (npm workspaces link `node_modules/@scope/lib` → `libs/lib`), which point to the same
 * package inside the worktree — so the worktree verifies its own libraries, not the main checkout's.
 * Entries already there (a real `npm install`) are kept: called after an install it adds only what
 * the worktree's manifest does not declare (tools linked into the main checkout). When git would
 * see the folder, `/node_modules` is added to the repository's `info/exclude` — it is never
 * committed. Idempotent.
 *
 * @param root absolute workspace root of the main checkout.
 * @param worktreePath absolute path of the worktree (see `createTicketWorktree`).
 * @returns the folder and how many entries this call linked (0 when `<root>/node_modules` does not exist).
 * @throws GitCommandError when `root` is not in a git working tree; fs errors creating links.
 */
export async function linkNodeModules(root: string, worktreePath: string): Promise<{ path: string; linked: number }> {
  const { prefix } = await readCommonDir(root);
  const source = resolve(root, 'node_modules');
  const workspace = join(worktreePath, prefix);
  const path = join(workspace, 'node_modules');
  if (!existsSync(source)) return { path, linked: 0 };
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isSymbolicLink()) await unlink(path);
  await mkdir(path, { recursive: true });
  const at = { source, target: path, rootReal: await realpath(root), workspace };
  // One symlink call per entry, all at once: this runs on the main thread for every ticket, and its
  // former lstat + realpath + symlink per entry, one after another, cost ~100 ms a worktree.
  const linkAll = async (entries: Array<{ name: string; isLink: boolean }>): Promise<number> => (await Promise.all(entries.map((entry) => linkEntry(entry, at)))).reduce((a, b) => a + b, 0);
  let linked = 0;
  const top: Array<{ name: string; isLink: boolean }> = [];
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      await mkdir(join(path, entry.name), { recursive: true });
      const inner = await readdir(join(source, entry.name), { withFileTypes: true });
      linked += await linkAll(inner.map((e) => ({ name: join(entry.name, e.name), isLink: e.isSymbolicLink() })));
    } else {
      top.push({ name: entry.name, isLink: entry.isSymbolicLink() });
    }
  }
  linked += await linkAll(top);
  if ((await execGit(workspace, checkIgnoreArgs('node_modules'), { okExitCodes: [1], env: { GIT_LITERAL_PATHSPECS: '0' } })).exitCode === 1) await addExcludePattern(workspace, 'node_modules');
  return { path, linked };
}

/**
 * Link one entry; a workspace package's link is re-pointed into the worktree. An entry already there
 * (a real install, an earlier call) is kept: `symlink` fails with EEXIST and nothing is counted.
 */
async function linkEntry({ name, isLink }: { name: string; isLink: boolean }, at: { source: string; target: string; rootReal: string; workspace: string }): Promise<number> {
  const path = join(at.target, name);
  const from = join(at.source, name);
  // Only a link can lead into the workspace (npm workspaces link `@scope/lib` → `libs/lib`); a
  // package folder inside node_modules never does, so it needs no realpath.
  const real = isLink ? await realpath(from).catch(() => from) : from;
  const inWorkspace = isLink && real.startsWith(`${at.rootReal}/`) && !relative(at.rootReal, real).split('/').includes('node_modules');
  const destination = inWorkspace ? relative(dirname(path), join(at.workspace, relative(at.rootReal, real))) : from;
  return symlink(destination, path, 'dir').then(
    () => 1,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return 0;
      throw error;
    },
  );
}
