import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnTracked } from '../adapters/process/index.js';
import { linkNodeModules } from '../adapters/git/index.js';
import { describeEnd } from './run-ticket-steps.js';
import type { TicketTask } from './ticket-task.js';

/**
 * Install the ticket's dependencies for real in its worktree (`npm install`), replacing the links
 * to the main checkout's node_modules — removed first, so npm never writes into the main checkout.
 * Tools the main checkout has but the worktree's manifest does not declare are linked back in
 * afterwards. Only npm workspaces are supported.
 *
 * @returns the failure reason, or `undefined` when the install succeeded.
 */
export async function installDependencies(task: TicketTask & { onStart?: (pgid: number) => void }, signal?: AbortSignal): Promise<string | undefined> {
  const modules = join(task.workspace, 'node_modules');
  const info = await lstat(modules).catch(() => undefined);
  if (info?.isSymbolicLink()) await rm(modules);
  else if (info) await rm(modules, { recursive: true, force: true });
  const install = await spawnTracked(['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], {
    cwd: task.workspace,
    logFile: task.logs.verify,
    timeoutMs: task.verify.timeoutMs,
    ...(task.onStart ? { onStart: task.onStart } : {}),
    ...(signal ? { signal } : {}),
  });
  if (install.exitCode !== 0) return `npm install in the worktree ${describeEnd(install)}`;
  await linkNodeModules(task.root, task.worktree);
  return undefined;
}
