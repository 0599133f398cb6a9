import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The package managers whose lockfiles nx-tickets knows. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** Lockfile names and the package manager that owns each. */
export const LOCKFILES: Readonly<Record<string, PackageManager>> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'yarn.lock': 'yarn',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

/** The package manager of the workspace at `root`, by the lockfile it has (npm when none). */
export function detectPackageManager(root: string): PackageManager {
  for (const [file, manager] of Object.entries(LOCKFILES)) if (existsSync(join(root, file))) return manager;
  return 'npm';
}

/**
 * Whether a yarn.lock was written by yarn 2 or later (Berry): those start with a `__metadata:` block;
 * yarn 1 ones (`# yarn lockfile v1`) do not. An empty or unreadable text counts as yarn 1's.
 */
export function isYarnBerryLockfile(text: string): boolean {
  return /^__metadata:/m.test(text);
}

/**
 * argv that rewrites a package manager's lockfile from the package.json files without installing
 * anything or running scripts, or `undefined` when it has no such mode:
 * npm `install --package-lock-only` (https://docs.npmjs.com/cli/commands/npm-install#package-lock-only),
 * pnpm `install --lockfile-only` (https://pnpm.io/cli/install#--lockfile-only), yarn 2+
 * `install --mode=update-lockfile` (https://yarnpkg.com/cli/install), bun `install --lockfile-only`
 * (bun 1.1.43 and later, https://bun.sh/docs/pm/lockfile; it keeps a `bun.lockb` binary and a
 * `bun.lock` text). yarn 1 has no such mode: see {@link YARN_CLASSIC_INSTALL_ARGS}.
 *
 * @param lockfileText the lockfile's text, which tells yarn 1 from yarn 2+ (needed for yarn only).
 */
export function lockfileOnlyArgs(manager: PackageManager, lockfileText = ''): string[] | undefined {
  if (manager === 'npm') return ['npm', 'install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'];
  if (manager === 'pnpm') return ['pnpm', 'install', '--lockfile-only', '--ignore-scripts'];
  if (manager === 'bun') return ['bun', 'install', '--lockfile-only', '--ignore-scripts'];
  if (isYarnBerryLockfile(lockfileText)) return ['yarn', 'install', '--mode=update-lockfile'];
  return undefined;
}

/**
 * yarn 1's install (https://classic.yarnpkg.com/en/docs/cli/install): no install scripts, no
 * prompts, no progress bars, packages already in yarn's cache not fetched again. yarn 1 has no
 * lockfile-only mode — every `yarn install` writes node_modules — so nx-tickets regenerates a yarn 1
 * lockfile with it in a scratch copy of the workspace's manifests, never in a worktree whose
 * node_modules link to the main checkout's. yarn 1 merges git's conflict markers in yarn.lock by
 * itself ("Merge conflict detected in yarn.lock and successfully merged"), keeping both sides' entries.
 */
export const YARN_CLASSIC_INSTALL_ARGS: readonly string[] = ['yarn', 'install', '--ignore-scripts', '--non-interactive', '--no-progress', '--prefer-offline'];

/**
 * argv that installs the workspace's dependencies without running install scripts (and may update
 * the lockfile: the ticket changed what is installed): `npm install`, `pnpm install`, yarn 2+'s
 * `yarn install` (settings from the environment, see {@link packageManagerEnv}), yarn 1's
 * {@link YARN_CLASSIC_INSTALL_ARGS} and `bun install --ignore-scripts`.
 *
 * @param lockfileText the lockfile's text, which tells yarn 1 from yarn 2+ (needed for yarn only).
 */
export function installArgs(manager: PackageManager, lockfileText = ''): string[] {
  if (manager === 'npm') return ['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'];
  if (manager === 'pnpm') return ['pnpm', 'install', '--prefer-offline', '--ignore-scripts', '--no-frozen-lockfile'];
  if (manager === 'bun') return ['bun', 'install', '--ignore-scripts'];
  return isYarnBerryLockfile(lockfileText) ? ['yarn', 'install'] : [...YARN_CLASSIC_INSTALL_ARGS];
}

/** npm/pnpm settings inherited from a surrounding `npm run`/`npx` that would point the manager at another project. */
const REDIRECTING_ENV = /^npm_config_(workspace|workspaces|include_workspace_root|global|prefix|location|dir)$/i;

/**
 * `env` for a package manager run by nx-tickets: the settings of a surrounding `npm run` that
 * would redirect it set to `undefined` (dropped by `child_process`, and removed by `spawnTracked`,
 * which merges over `process.env`), and yarn 2+ told to run no scripts, send no telemetry and
 * update the lockfile even under `CI` (where it defaults to immutable installs).
 */
export function packageManagerEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const clean: Record<string, string | undefined> = { ...env };
  for (const name of Object.keys(clean)) if (REDIRECTING_ENV.test(name)) clean[name] = undefined;
  return { ...clean, YARN_ENABLE_SCRIPTS: 'false', YARN_ENABLE_TELEMETRY: '0', YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', YARN_ENABLE_PROGRESS_BARS: 'false' };
}
