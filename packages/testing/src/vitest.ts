/**
 * Helpers for vitest tests only (imported as `@nx-tickets/testing/vitest`): temp repositories that
 * clean themselves up when the current test finishes.
 */
import { onTestFinished } from 'vitest';
import { startJiraServer, type JiraServer, type JiraServerOptions } from './jira-server/jira-server.js';
import { createTempGitRepo, type TempGitRepo, type TempGitRepoOptions } from './temp-git-repo.js';

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
