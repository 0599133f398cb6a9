import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NxTicketsError } from '@nx-tickets/core';
import { isYarnBerryLockfile, type PackageManager } from './package-manager.js';

const run = promisify(execFile);

/** The oldest bun with `install --lockfile-only` (which also reads the `bun.lock` text lockfile, 1.1.39+). */
export const MIN_BUN_VERSION = '1.1.43';

/** The package manager a workspace needs is not on PATH. Code `NX_TICKETS_PACKAGE_MANAGER_NOT_FOUND`. */
export class PackageManagerNotFoundError extends NxTicketsError {
  override readonly name = 'PackageManagerNotFoundError';

  constructor(program: string, cause?: unknown) {
    super('NX_TICKETS_PACKAGE_MANAGER_NOT_FOUND', `${program} is not installed (the workspace's lockfile is ${program}'s)`, {
      hint: `Install ${program} and put it on PATH for nx-tickets (for yarn 1: npm i -g yarn@1; for bun: npm i -g bun).`,
      exitCode: 1,
      cause,
    });
  }
}

/**
 * The version `program --version` prints when run in `cwd` — the folder matters: yarn 2+'s
 * `yarnPath` and corepack's `packageManager` field choose the version per project.
 *
 * @throws PackageManagerNotFoundError (`NX_TICKETS_PACKAGE_MANAGER_NOT_FOUND`) when `program` is not on PATH;
 *   the `execFile` error (with `stderr`) when it fails otherwise.
 */
export async function readPackageManagerVersion(program: 'yarn' | 'bun', cwd: string, env: Record<string, string | undefined>): Promise<string> {
  try {
    const { stdout } = await run(program, ['--version'], { cwd, env: env as NodeJS.ProcessEnv, timeout: 60_000 });
    return stdout.trim().split('\n').at(-1)?.trim() ?? '';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new PackageManagerNotFoundError(program, error);
    throw error;
  }
}

/**
 * Why `version` of the workspace's package manager must not touch its lockfile, or `undefined`
 * when it may: a yarn 1 lockfile with yarn 2+ (which would rewrite it in its own format, and the
 * other way round), or a bun older than {@link MIN_BUN_VERSION}. npm and pnpm are not checked.
 *
 * @param lockfileText the lockfile's text (yarn only: tells yarn 1 from yarn 2+).
 */
export function checkPackageManagerVersion(manager: PackageManager, version: string, lockfileText = ''): string | undefined {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.+-]/).map((part) => Number.parseInt(part, 10) || 0);
  if (manager === 'yarn') {
    const berry = isYarnBerryLockfile(lockfileText);
    if (berry && major < 2) return `yarn.lock is a yarn 2+ lockfile but the yarn on PATH here is ${version}; set yarnPath in .yarnrc.yml or the packageManager field (corepack)`;
    if (!berry && major !== 1) return `yarn.lock is a yarn 1 lockfile but the yarn on PATH here is ${version} (it would rewrite it in its own format); put yarn 1 first on PATH or set the packageManager field to yarn@1 (corepack)`;
  }
  if (manager === 'bun') {
    const [minMajor, minMinor, minPatch] = MIN_BUN_VERSION.split('.').map(Number) as [number, number, number];
    const older = major !== minMajor ? major < minMajor : minor !== minMinor ? minor < minMinor : patch < minPatch;
    if (older) return `bun ${version} is too old: bun ${MIN_BUN_VERSION} or later is needed (install --lockfile-only); upgrade bun`;
  }
  return undefined;
}
