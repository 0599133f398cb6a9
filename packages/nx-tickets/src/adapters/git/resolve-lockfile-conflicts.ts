import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import {
  checkPackageManagerVersion,
  isYarnBerryLockfile,
  LOCKFILES,
  lockfileOnlyArgs,
  packageManagerEnv,
  PackageManagerNotFoundError,
  readPackageManagerVersion,
  writeLockfileInScratchCopy,
  YARN_CLASSIC_INSTALL_ARGS,
  type PackageManager,
} from '../package-manager/index.js';
import { execGit } from './exec-git.js';
import { addPathsArgs, checkoutSideArgs } from './run-git-commands.js';

const run = promisify(execFile);
const TIMEOUT_MS = 600_000;

/** How one conflicting lockfile is regenerated. */
interface Regeneration {
  path: string;
  manager: PackageManager;
  text: string;
  /** yarn 1: merges git's conflict markers itself, and installs (so it runs in a scratch copy). */
  yarnClassic: boolean;
}

/**
 * Resolve a stopped rebase or merge whose conflicts are all lockfiles, each with its own package
 * manager in its folder, scripts off, node_modules untouched, then stage them:
 * - npm, pnpm, yarn 2+ and bun: take `side`'s version (`ours` in a rebase is the branch rebased
 *   onto) and regenerate it from the merged package.json files with the lockfile-only install —
 *   `npm install --package-lock-only`, `pnpm install --lockfile-only`, `yarn install
 *   --mode=update-lockfile`, `bun install --lockfile-only` (bun.lock and bun.lockb alike).
 * - yarn 1: keep git's conflict markers — yarn 1 merges both sides' entries itself — and run its
 *   install in a scratch copy of the workspace's manifests (it has no lockfile-only mode; see
 *   `writeLockfileInScratchCopy`), copying back only yarn.lock.
 * The yarn or bun on PATH is checked first: a yarn 2+ never touches a yarn 1 lockfile (nor the other
 * way round), a bun needs `--lockfile-only`. Nothing is staged unless every conflict was resolved.
 *
 * @param conflicts conflicting paths relative to `worktreePath`.
 * @returns `resolved: true` when the caller can continue; otherwise why not (other files conflict,
 *   the package manager is missing or of the wrong version, it failed) — the caller aborts, which
 *   undoes the checkout.
 */
export async function resolveLockfileConflicts(worktreePath: string, conflicts: readonly string[], side: 'ours' | 'theirs'): Promise<{ resolved: true } | { resolved: false; reason: string }> {
  const others = conflicts.filter((path) => LOCKFILES[posix.basename(path)] === undefined);
  if (conflicts.length === 0 || others.length > 0) return { resolved: false, reason: `conflicts in ${(others.length ? others : conflicts).join(', ')}` };
  const env = packageManagerEnv();
  try {
    const plans: Regeneration[] = [];
    for (const path of conflicts) {
      const manager = LOCKFILES[posix.basename(path)] as PackageManager;
      const text = await readFile(join(worktreePath, path), 'utf8').catch(() => '');
      plans.push({ path, manager, text, yarnClassic: manager === 'yarn' && !isYarnBerryLockfile(text) });
    }
    // yarn 1 merges the markers itself; without markers (modify/delete) it starts from `side` like the others.
    const fromSide = plans.filter((plan) => !(plan.yarnClassic && hasConflictMarkers(plan.text))).map((plan) => plan.path);
    if (fromSide.length > 0) await execGit(worktreePath, checkoutSideArgs(side, fromSide));
    for (const plan of plans) {
      const folder = dirname(join(worktreePath, plan.path));
      if (plan.manager === 'yarn' || plan.manager === 'bun') {
        const problem = checkPackageManagerVersion(plan.manager, await readPackageManagerVersion(plan.manager, folder, env), plan.text);
        if (problem) return { resolved: false, reason: `lockfile conflict in ${plan.path} not regenerated: ${problem}` };
      }
      if (plan.yarnClassic) {
        const manifests = await listManifests(folder);
        await writeLockfileInScratchCopy(folder, manifests, posix.basename(plan.path), [...YARN_CLASSIC_INSTALL_ARGS, '--no-bin-links'], { env, timeoutMs: TIMEOUT_MS });
        continue;
      }
      const [program, ...args] = lockfileOnlyArgs(plan.manager, plan.text) as string[];
      await run(program as string, args, { cwd: folder, env, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new PackageManagerNotFoundError(program as string, error) : error;
      });
    }
    await execGit(worktreePath, addPathsArgs(conflicts));
    return { resolved: true };
  } catch (error) {
    const detail = String((error as { stderr?: unknown }).stderr || (error as Error).message).trim().split('\n').slice(-3).join(' ');
    return { resolved: false, reason: `lockfile conflict in ${conflicts.join(', ')} could not be regenerated: ${detail}` };
  }
}

/** Whether a text holds git's conflict markers (`<<<<<<<` … `>>>>>>>` at line starts). */
function hasConflictMarkers(text: string): boolean {
  return /^<<<<<<< /m.test(text) && /^>>>>>>> /m.test(text);
}

/** The package.json files git has in `folder` (the index, so a rebase's new ones count), relative to it. */
async function listManifests(folder: string): Promise<string[]> {
  const { stdout } = await execGit(folder, ['ls-files', '-z', '--', ':(glob)**/package.json'], { env: { GIT_LITERAL_PATHSPECS: '0' } });
  return [...new Set(stdout.split('\0').filter(Boolean))];
}
