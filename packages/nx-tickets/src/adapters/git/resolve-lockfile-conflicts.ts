import { execFile } from 'node:child_process';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { LOCKFILES, lockfileOnlyArgs, packageManagerEnv, SUPPORTED_MANAGERS, type PackageManager } from '../package-manager/index.js';
import { execGit } from './exec-git.js';
import { addPathsArgs, checkoutSideArgs } from './run-git-commands.js';

const run = promisify(execFile);

/**
 * Resolve a stopped rebase or merge whose conflicts are all lockfiles: take `side`'s version of each
 * (`ours` in a rebase is the branch rebased onto), regenerate it from the merged package.json files
 * with its package manager's lockfile-only install in its folder — `npm install --package-lock-only`
 * `pnpm install --lockfile-only` or yarn 2+'s `install --mode=update-lockfile`, scripts off,
 * node_modules untouched — and stage it. yarn 1 and bun lockfiles are reported as unsupported (the
 * caller aborts, which undoes the checkout). Nothing is staged unless every conflict was resolved.
 *
 * @param conflicts conflicting paths relative to `worktreePath`.
 * @returns `resolved: true` when the caller can continue; otherwise why not (other files
 *   conflict, unsupported package manager, npm failed) — the caller aborts.
 */
export async function resolveLockfileConflicts(worktreePath: string, conflicts: readonly string[], side: 'ours' | 'theirs'): Promise<{ resolved: true } | { resolved: false; reason: string }> {
  const others = conflicts.filter((path) => LOCKFILES[posix.basename(path)] === undefined);
  if (conflicts.length === 0 || others.length > 0) return { resolved: false, reason: `conflicts in ${(others.length ? others : conflicts).join(', ')}` };
  const env = packageManagerEnv();
  try {
    await execGit(worktreePath, checkoutSideArgs(side, conflicts));
    const commands = new Map<string, string[]>();
    for (const path of conflicts) {
      const manager = LOCKFILES[posix.basename(path)] as PackageManager;
      const argv = lockfileOnlyArgs(manager, await readFile(join(worktreePath, path), 'utf8').catch(() => ''));
      if (!argv) return { resolved: false, reason: `lockfile conflict in ${path}: ${manager === 'yarn' ? 'yarn 1' : manager} lockfiles are not regenerated (${SUPPORTED_MANAGERS} ones are); resolve it with ${manager}` };
      commands.set(dirname(join(worktreePath, path)), argv);
    }
    for (const [folder, [program, ...args]] of commands) {
      await run(program as string, args, { cwd: folder, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? Object.assign(new Error(`${program} is not installed (it is needed to regenerate the lockfile)`), { stderr: '' }) : error;
      });
    }
    await execGit(worktreePath, addPathsArgs(conflicts));
    return { resolved: true };
  } catch (error) {
    const detail = String((error as { stderr?: unknown }).stderr || (error as Error).message).trim().split('\n').slice(-3).join(' ');
    return { resolved: false, reason: `lockfile conflict in ${conflicts.join(', ')} could not be regenerated: ${detail}` };
  }
}
