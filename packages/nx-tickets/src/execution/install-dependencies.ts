import { lstat, readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { spawnTracked } from '../adapters/process/index.js';
import { addExcludePattern, execGit, linkNodeModules, parseUntrackedPaths, untrackedStatusArgs } from '../adapters/git/index.js';
import { detectPackageManager, installArgs, LOCKFILES, packageManagerEnv, SUPPORTED_MANAGERS } from '../adapters/package-manager/index.js';
import { describeEnd } from './run-ticket-steps.js';
import type { TicketTask } from './ticket-task.js';

/**
 * Install the ticket's dependencies for real in its worktree with the workspace's package manager
 * (`npm install`, `pnpm install` or yarn 2+'s `yarn install`, by the lockfile; install scripts off), replacing the links to
 * the main checkout's node_modules — removed first, so nothing is ever written into the main
 * checkout. Tools the main checkout has but the worktree's manifest does not declare are linked
 * back in afterwards. yarn 1 and bun workspaces are reported as not supported.
 *
 * @returns the failure reason, or `undefined` when the install succeeded.
 */
export async function installDependencies(task: TicketTask & { onStart?: (pgid: number) => void }, signal?: AbortSignal): Promise<string | undefined> {
  const manager = detectPackageManager(task.workspace);
  const argv = installArgs(manager, manager === 'yarn' ? await readFile(join(task.workspace, 'yarn.lock'), 'utf8').catch(() => '') : '');
  if (!argv) return `the ticket changed what is installed, and installing with ${manager === 'yarn' ? 'yarn 1' : manager} in a worktree is not supported (${SUPPORTED_MANAGERS} are)`;
  // Porcelain status paths are relative to the repository root: the worktree.
  const untrackedBefore = new Set(await untrackedPaths(task.worktree));
  const modules = join(task.workspace, 'node_modules');
  const info = await lstat(modules).catch(() => undefined);
  if (info?.isSymbolicLink()) await rm(modules);
  else if (info) await rm(modules, { recursive: true, force: true });
  const install = await spawnTracked(argv, {
    cwd: task.workspace,
    env: packageManagerEnv(),
    logFile: task.logs.verify,
    timeoutMs: task.verify.timeoutMs,
    ...(task.onStart ? { onStart: task.onStart } : {}),
    ...(signal ? { signal } : {}),
  });
  if (install.exitCode !== 0) return `${argv.slice(0, 2).join(' ')} in the worktree ${describeEnd(install)}`;
  await linkNodeModules(task.root, task.worktree);
  // What the install created (nested node_modules of pnpm, yarn's install state) is not the ticket's
  // work: keep it out of the commit. A lockfile it created is the ticket's work.
  for (const path of await untrackedPaths(task.worktree)) {
    if (!untrackedBefore.has(path) && LOCKFILES[posix.basename(path)] === undefined) await addExcludePattern(task.worktree, path);
  }
  return undefined;
}

/** Untracked, not ignored paths of the worktree (new folders as `dir/`). */
async function untrackedPaths(workspace: string): Promise<string[]> {
  return parseUntrackedPaths((await execGit(workspace, untrackedStatusArgs())).stdout);
}
