import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';

/**
 * A package manager the tests run by its command name, each a pinned dev dependency of this
 * repository: `yarn-classic` (npm package `yarn`, 1.22), `yarn-berry` (`@yarnpkg/cli-dist`, 4.x) and
 * `bun` (npm package `bun`, whose binary comes from its platform optionalDependency).
 */
export type TestPackageManager = 'yarn-classic' | 'yarn-berry' | 'bun';

/** Package, file inside it, and the command name it answers to. yarn 1 and yarn 2+ both call themselves `yarn`. */
const COMMANDS: Record<TestPackageManager, { pkg: string; file: string; name: string }> = {
  'yarn-classic': { pkg: 'yarn', file: 'bin/yarn.js', name: 'yarn' },
  'yarn-berry': { pkg: '@yarnpkg/cli-dist', file: 'bin/yarn.js', name: 'yarn' },
  bun: { pkg: 'bun', file: 'bin/bun.exe', name: 'bun' },
};

const require = createRequire(import.meta.url);

/**
 * A folder holding one link, named after the command (`yarn`, `bun`), to `manager`'s binary in this
 * repository's node_modules — to put first on PATH. Two packages both install a `yarn` command, so
 * `node_modules/.bin/yarn` may be either: tests that run yarn say which one.
 *
 * The folder is `node_modules/.cache/nx-tickets-test-bin/<manager>` of this repository, made once
 * (atomically: concurrent test files may ask at the same time), and again when its link leads nowhere.
 *
 * @throws Error when the package is not installed (run `npm ci`).
 */
export async function packageManagerBinDir(manager: TestPackageManager): Promise<string> {
  const { pkg, file, name } = COMMANDS[manager];
  const packageDir = dirname(require.resolve(`${pkg}/package.json`));
  const nodeModules = packageDir.slice(0, packageDir.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
  const dir = join(nodeModules, '.cache', 'nx-tickets-test-bin', manager);
  await mkdir(dirname(dir), { recursive: true });
  // A folder left from a checkout elsewhere links to nothing: make it again.
  if (existsSync(dir) && !existsSync(join(dir, name))) await rm(dir, { recursive: true, force: true });
  const staging = await mkdtemp(join(dirname(dir), `${manager}-`));
  await symlink(join(packageDir, file), join(staging, name));
  await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
    // Made already (by an earlier call or a concurrent test file): keep that one.
    await rm(staging, { recursive: true, force: true });
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  });
  return dir;
}

/** Environment for a package manager in tests, and the removal of its caches. */
export interface PackageManagerTestEnv {
  env: NodeJS.ProcessEnv;
  /** Remove the caches (call when the test is done). */
  cleanup(): Promise<void>;
}

/**
 * Environment for running `manager` by name with caches of its own: PATH starting with
 * {@link packageManagerBinDir}, yarn 1's cache (`YARN_CACHE_FOLDER`) and bun's install cache
 * (`BUN_INSTALL_CACHE_DIR`) in a fresh temp folder, so a test neither reads nor fills the user's
 * caches. The tests' workspaces depend on workspace packages and local `file:` packages only, so
 * nothing is fetched from a registry.
 *
 * @param base the environment to extend (default `process.env`).
 */
export async function packageManagerTestEnv(manager: TestPackageManager, base: NodeJS.ProcessEnv = process.env): Promise<PackageManagerTestEnv> {
  const cache = await mkdtemp(join(tmpdir(), 'nx-tickets-pm-cache-'));
  const env = {
    ...base,
    PATH: [await packageManagerBinDir(manager), base['PATH'] ?? ''].join(delimiter),
    YARN_CACHE_FOLDER: join(cache, 'yarn'),
    BUN_INSTALL_CACHE_DIR: join(cache, 'bun'),
  };
  return { env, cleanup: () => rm(cache, { recursive: true, force: true }) };
}
