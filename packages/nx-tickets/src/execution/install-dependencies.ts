import { lstat, readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { spawnTracked } from '../adapters/process/index.js';
import { addExcludePattern, execGit, linkNodeModules, parseUntrackedPaths, untrackedStatusArgs } from '../adapters/git/index.js';
import { checkPackageManagerVersion, detectPackageManager, installArgs, LOCKFILES, packageManagerEnv, readPackageManagerVersion } from '../adapters/package-manager/index.js';
import { commandFailure, type CommandFailure } from './command-failure.js';
import type { TicketTask } from './ticket-task.js';

/**
 * Install the ticket's dependencies for real in its worktree with the workspace's package manager,
 * chosen by the lockfile — `npm install`, `pnpm install`, `yarn install` (yarn 2+, or yarn 1 with
 * `--non-interactive`), `bun install`; install scripts off (see `installArgs`) — replacing the links
 * to the main checkout's node_modules, removed first, so nothing is ever written into the main
 * checkout (the links in a workspace package's own node_modules are replaced by the package
 * manager, not written through). Tools the main checkout has but the worktree's manifest does not
 * declare are linked back in afterwards. The yarn or bun on PATH is checked first — a yarn 2+ never
 * rewrites a yarn 1 lockfile, nor the other way round — and nothing is removed when it does not fit.
 *
 * @returns the failure reason, or `undefined` when the install succeeded.
 */
export async function installDependencies(task: TicketTask & { onStart?: (pgid: number) => void }, signal?: AbortSignal): Promise<CommandFailure | undefined> {
  const manager = detectPackageManager(task.workspace);
  const lockfileText = manager === 'yarn' ? await readFile(join(task.workspace, 'yarn.lock'), 'utf8').catch(() => '') : '';
  const argv = installArgs(manager, lockfileText);
  const env = packageManagerEnv();
  if (manager === 'yarn' || manager === 'bun') {
    const problem = await readPackageManagerVersion(manager, task.workspace, env).then(
      (version) => checkPackageManagerVersion(manager, version, lockfileText),
      (error: Error) => error.message,
    );
    if (problem !== undefined) return { message: `the ticket changed what is installed, but ${problem}` };
  }
  // Porcelain status paths are relative to the repository root: the worktree.
  const untrackedBefore = new Set(await untrackedPaths(task.worktree));
  await removeNodeModules(task.workspace);
  const install = await spawnTracked(argv, {
    cwd: task.workspace,
    env,
    logFile: task.logs.verify,
    timeoutMs: task.verify.timeoutMs,
    ...(task.onStart ? { onStart: task.onStart } : {}),
    ...(signal ? { signal } : {}),
  });
  if (install.exitCode !== 0) return commandFailure(`${argv.slice(0, 2).join(' ')} in the worktree`, install);
  await linkNodeModules(task.root, task.worktree);
  // What the install created (nested node_modules of pnpm, yarn's install state) is not the ticket's
  // work: keep it out of the commit. A lockfile it created is the ticket's work.
  for (const path of await untrackedPaths(task.worktree)) {
    if (!untrackedBefore.has(path) && LOCKFILES[posix.basename(path)] === undefined) await addExcludePattern(task.worktree, path);
  }
  return undefined;
}

/** Remove the worktree's node_modules (`linkNodeModules`'s links into the main checkout, or an earlier install) without following links. */
async function removeNodeModules(workspace: string): Promise<void> {
  const modules = join(workspace, 'node_modules');
  const info = await lstat(modules).catch(() => undefined);
  if (info?.isSymbolicLink()) await rm(modules);
  else if (info) await rm(modules, { recursive: true, force: true });
}

/** Untracked, not ignored paths of the worktree (new folders as `dir/`). */
async function untrackedPaths(workspace: string): Promise<string[]> {
  return parseUntrackedPaths((await execGit(workspace, untrackedStatusArgs())).stdout);
}
