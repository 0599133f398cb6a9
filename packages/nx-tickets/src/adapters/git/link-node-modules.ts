import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, realpath, symlink, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { addExcludePattern } from './add-exclude-pattern.js';
import { execGit } from './exec-git.js';
import { readCommonDir } from './read-common-dir.js';
import { checkIgnoreArgs } from './run-git-commands.js';

/**
 * Give a worktree the main checkout's dependencies without sharing its workspace packages: a real
 * `node_modules` folder in the worktree's workspace, with links to the workspace's own packages
 * (npm workspaces link `node_modules/@scope/lib` → `libs/lib`) pointing to the same package inside
 * the worktree — so the worktree verifies its own libraries, not the main checkout's.
 *
 * The other dependencies: a worktree nested in the main checkout (the default,
 * `.nx/tickets/worktrees/<KEY>`) finds them where Node, TypeScript and bundlers look anyway — in the
 * `node_modules` of an enclosing folder, the main checkout's — so only `node_modules/.bin` is linked
 * (npx and package scripts look there). A worktree outside the main checkout gets one link per entry.
 * Linking ~400 entries per ticket cost more than any git command of its preparation.
 *
 * Entries already there (a real `npm install`) are kept: called after an install it adds only what
 * is missing. When git would see the folder, `/node_modules` is added to the repository's
 * `info/exclude` — it is never committed. Idempotent.
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
  const rootReal = await realpath(root);
  const at = { rootReal, workspace };
  // Nested in the main checkout: module resolution walks up to its node_modules by itself.
  const nested = (await realpath(workspace)).startsWith(`${rootReal}/`);
  const top = await linkFolder(source, path, at, nested ? 'workspace' : 'all');
  let linked = top.linked;
  await keepOutOfCommits(workspace, 'node_modules');
  // A workspace package's own node_modules (npm puts a version other packages disagree on there;
  // pnpm every dependency): resolution from the package's files finds it before the root's.
  for (const packageDir of top.packages) {
    const own = join(rootReal, packageDir, 'node_modules');
    if (!existsSync(own)) continue;
    linked += (await linkFolder(own, join(workspace, packageDir, 'node_modules'), at, 'all')).linked;
    await keepOutOfCommits(workspace, join(packageDir, 'node_modules'));
  }
  return { path, linked };
}

/** Add `path` (relative to `workspace`) to the repository's `info/exclude` unless git ignores it already. */
async function keepOutOfCommits(workspace: string, path: string): Promise<void> {
  const ignored = await execGit(workspace, checkIgnoreArgs(path), { okExitCodes: [1], env: { GIT_LITERAL_PATHSPECS: '0' } });
  if (ignored.exitCode === 1) await addExcludePattern(workspace, path);
}

/**
 * Make `target` a real folder of links to the entries of the `node_modules` folder `source`: every
 * entry (`all`), or only the workspace's own packages (`workspace`, for a worktree nested in the main
 * checkout). Links to workspace packages point to the same package in the worktree; `.bin` is a real
 * folder too, its commands of workspace packages pointing into the worktree. Entries already in
 * `target` (a real install, an earlier call) are kept.
 *
 * @returns how many links were made, and the workspace packages found (folders relative to the root).
 */
async function linkFolder(source: string, target: string, at: { rootReal: string; workspace: string }, which: 'all' | 'workspace'): Promise<{ linked: number; packages: string[] }> {
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink()) await unlink(target);
  await mkdir(target, { recursive: true });
  const entries: Array<{ name: string; isLink: boolean }> = [];
  const inner = async (folder: string): Promise<void> => {
    for (const entry of await readdir(join(source, folder), { withFileTypes: true })) entries.push({ name: join(folder, entry.name), isLink: entry.isSymbolicLink() });
  };
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if ((entry.name.startsWith('@') || entry.name === '.bin') && entry.isDirectory()) await inner(entry.name);
    else entries.push({ name: entry.name, isLink: entry.isSymbolicLink() });
  }
  // Decide first (one realpath per link, all at once), then link: this runs on the main thread for
  // every ticket.
  const decided = await Promise.all(entries.map((entry) => linkFor(entry, { source, target, ...at })));
  const links = decided.filter((link) => which === 'all' || link.inWorkspace || link.name.startsWith('.bin/'));
  for (const folder of new Set(links.flatMap((link) => (link.name.includes('/') ? [link.name.split('/')[0] as string] : [])))) await mkdir(join(target, folder), { recursive: true });
  const linked = (await Promise.all(links.map((link) => symlink(link.destination, link.path, 'dir').then(
    () => 1,
    // An entry already there (a real install, an earlier call) is kept.
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return 0;
      throw error;
    },
  )))).reduce((a, b) => a + b, 0);
  const packages = decided.filter((link) => link.inWorkspace && !link.name.startsWith('.bin/')).map((link) => relative(at.workspace, resolve(dirname(link.path), link.destination)));
  return { linked, packages };
}

/**
 * Where the worktree's link for one entry of the main checkout's `node_modules` points: the entry
 * itself, or — for a link into the workspace (a workspace package) — the same package in the worktree.
 */
async function linkFor({ name, isLink }: { name: string; isLink: boolean }, at: { source: string; target: string; rootReal: string; workspace: string }): Promise<{ name: string; path: string; destination: string; inWorkspace: boolean }> {
  const path = join(at.target, name);
  const from = join(at.source, name);
  // A `.bin` command links to a file; it is for a workspace package when that file is in the workspace.
  // Only a link can lead into the workspace (npm workspaces link `@scope/lib` → `libs/lib`); a
  // package folder inside node_modules never does, so it needs no realpath.
  const real = isLink ? await realpath(from).catch(() => from) : from;
  const inWorkspace = isLink && real.startsWith(`${at.rootReal}/`) && !relative(at.rootReal, real).split('/').includes('node_modules');
  const destination = inWorkspace ? relative(dirname(path), join(at.workspace, relative(at.rootReal, real))) : from;
  return { name, path, destination, inWorkspace };
}
