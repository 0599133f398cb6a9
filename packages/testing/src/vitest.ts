/**
 * Helpers for vitest tests only (imported as `@nx-tickets/testing/vitest`): temp repositories that
 * clean themselves up when the current test finishes.
 */
import { onTestFinished } from 'vitest';
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
