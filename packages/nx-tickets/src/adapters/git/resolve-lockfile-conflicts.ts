import { execFile } from 'node:child_process';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { execGit } from './exec-git.js';
import { addPathsArgs, checkoutSideArgs } from './run-git-commands.js';

const run = promisify(execFile);

/** Lockfile names and the package manager that owns each. */
export const LOCKFILES: Readonly<Record<string, 'npm' | 'yarn' | 'pnpm'>> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
};

/** npm settings inherited from a surrounding `npm run`/`npx` that would point npm at another project. */
const NPM_REDIRECTING_ENV = /^npm_config_(workspace|workspaces|include_workspace_root|global|prefix|location)$/i;

/**
 * Resolve a stopped rebase or merge whose conflicts are all lockfiles: take `side`'s version of each
 * (`ours` in a rebase is the branch rebased onto), regenerate it from the merged package.json files
 * with `npm install --package-lock-only --ignore-scripts --no-audit --no-fund` in its folder (no
 * node_modules change, no scripts), and stage it. Only npm lockfiles are regenerated; yarn and pnpm
 * lockfiles are reported as unsupported. Nothing is staged unless every conflict was resolved.
 *
 * @param conflicts conflicting paths relative to `worktreePath`.
 * @returns `resolved: true` when the caller can continue; otherwise why not (other files
 *   conflict, unsupported package manager, npm failed) — the caller aborts.
 */
export async function resolveLockfileConflicts(worktreePath: string, conflicts: readonly string[], side: 'ours' | 'theirs'): Promise<{ resolved: true } | { resolved: false; reason: string }> {
  const others = conflicts.filter((path) => LOCKFILES[posix.basename(path)] === undefined);
  if (conflicts.length === 0 || others.length > 0) return { resolved: false, reason: `conflicts in ${(others.length ? others : conflicts).join(', ')}` };
  const unsupported = conflicts.filter((path) => LOCKFILES[posix.basename(path)] !== 'npm');
  if (unsupported.length > 0) {
    return { resolved: false, reason: `lockfile conflict in ${unsupported.join(', ')}: only npm lockfiles are regenerated for now; resolve it with your package manager` };
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (NPM_REDIRECTING_ENV.test(name)) delete env[name];
  try {
    await execGit(worktreePath, checkoutSideArgs(side, conflicts));
    for (const folder of new Set(conflicts.map((path) => dirname(join(worktreePath, path))))) {
      await run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: folder, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    }
    await execGit(worktreePath, addPathsArgs(conflicts));
    return { resolved: true };
  } catch (error) {
    const detail = String((error as { stderr?: unknown }).stderr || (error as Error).message).trim().split('\n').slice(-3).join(' ');
    return { resolved: false, reason: `lockfile conflict in ${conflicts.join(', ')} could not be regenerated: ${detail}` };
  }
}
