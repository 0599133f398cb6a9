/**
 * Helpers for vitest tests only (imported as `@nx-tickets/testing/vitest`): temp repositories that
 * clean themselves up when the current test finishes.
 */
import { onTestFinished } from 'vitest';
import { startJiraServer, type JiraServer, type JiraServerOptions } from './jira-server/jira-server.js';
import { createTempGitRepo, type TempGitRepo, type TempGitRepoOptions } from './temp-git-repo.js';
import { packageManagerTestEnv, type TestPackageManager } from './package-manager-env.js';

/**
 * A real temp git repository (see `createTempGitRepo`) removed when the calling test finishes,
 * passed or failed. Call it inside a test.
 */
export async function createTestGitRepo(options: TempGitRepoOptions = {}): Promise<TempGitRepo> {
  const repo = await createTempGitRepo(options);
  onTestFinished(() => repo.cleanup());
  return repo;
}

/**
 * A local, spec-checking Jira (see `startJiraServer`) closed when the calling test finishes.
 * Assert `server.violations` and `server.unimplemented` are empty in the test (or an `afterEach`).
 */
export async function startTestJiraServer(options: JiraServerOptions): Promise<JiraServer> {
  const server = await startJiraServer(options);
  onTestFinished(() => server.close());
  return server;
}

/** The variables {@link usePackageManager} sets in `process.env`. */
const PACKAGE_MANAGER_VARIABLES = ['PATH', 'YARN_CACHE_FOLDER', 'BUN_INSTALL_CACHE_DIR'] as const;

/**
 * Make `manager` the one this test process runs by name (see `packageManagerTestEnv`), for code
 * under test that spawns `yarn` or `bun` with `process.env`: sets PATH and the caches in
 * `process.env` and puts them back, removing the caches, when the calling test finishes.
 *
 * @returns the environment, for commands the test runs itself.
 */
export async function usePackageManager(manager: TestPackageManager): Promise<NodeJS.ProcessEnv> {
  const { env, cleanup } = await packageManagerTestEnv(manager);
  const saved = Object.fromEntries(PACKAGE_MANAGER_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PACKAGE_MANAGER_VARIABLES) process.env[name] = env[name];
  onTestFinished(async () => {
    for (const name of PACKAGE_MANAGER_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await cleanup();
  });
  return env;
}
