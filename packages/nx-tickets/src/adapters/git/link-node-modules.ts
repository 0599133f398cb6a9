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
  let linked = 0;
  for (const name of await readdir(source)) {
    const scope = name.startsWith('@') ? await lstat(join(source, name)) : undefined;
    if (scope?.isDirectory()) {
      await mkdir(join(path, name), { recursive: true });
      for (const inner of await readdir(join(source, name))) linked += await linkEntry(join(name, inner), at);
    } else {
      linked += await linkEntry(name, at);
    }
  }
  if ((await execGit(workspace, checkIgnoreArgs('node_modules'), { okExitCodes: [1], env: { GIT_LITERAL_PATHSPECS: '0' } })).exitCode === 1) await addExcludePattern(workspace, 'node_modules');
  return { path, linked };
}

/** Link one entry; a workspace package's link is re-pointed into the worktree. */
async function linkEntry(name: string, at: { source: string; target: string; rootReal: string; workspace: string }): Promise<number> {
  const path = join(at.target, name);
  if (await lstat(path).catch(() => undefined)) return 0;
  const from = join(at.source, name);
  const real = await realpath(from).catch(() => from);
  const inWorkspace = real.startsWith(`${at.rootReal}/`) && !relative(at.rootReal, real).split('/').includes('node_modules');
  const destination = inWorkspace ? relative(dirname(path), join(at.workspace, relative(at.rootReal, real))) : from;
  await symlink(destination, path, 'dir').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // linked meanwhile by a concurrent call
  });
  return 1;
}
