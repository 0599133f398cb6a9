import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnTracked } from '../adapters/process/index.js';
import { linkNodeModules } from '../adapters/git/index.js';
import { detectPackageManager, installArgs, packageManagerEnv } from '../adapters/package-manager/index.js';
import { describeEnd } from './run-ticket-steps.js';
import type { TicketTask } from './ticket-task.js';

/**
 * Install the ticket's dependencies for real in its worktree with the workspace's package manager
 * (`npm install` or `pnpm install`, by the lockfile; install scripts off), replacing the links to
 * the main checkout's node_modules — removed first, so nothing is ever written into the main
 * checkout. Tools the main checkout has but the worktree's manifest does not declare are linked
 * back in afterwards. yarn and bun workspaces are reported as not supported.
 *
 * @returns the failure reason, or `undefined` when the install succeeded.
 */
export async function installDependencies(task: TicketTask & { onStart?: (pgid: number) => void }, signal?: AbortSignal): Promise<string | undefined> {
  const manager = detectPackageManager(task.workspace);
  const argv = installArgs(manager);
  if (!argv) return `the ticket changed what is installed, and installing with ${manager} in a worktree is not supported (npm and pnpm are)`;
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
  return undefined;
}
