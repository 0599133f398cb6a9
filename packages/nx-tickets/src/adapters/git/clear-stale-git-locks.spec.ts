import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempGitRepo } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { clearStaleGitLocks } from './clear-stale-git-locks.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('clearStaleGitLocks', () => {
  test('removes the lock files a killed git left on the run\'s branches and the main checkout, and nothing else', async () => {
    const git = await createTempGitRepo({ files: { 'README.md': '#\n' } });
    cleanups.push(git.cleanup);
    await git.git(['branch', 'feature/PROJ-1-x']);
    const gitDir = join(git.root, '.git');
    await mkdir(join(gitDir, 'refs/heads/feature'), { recursive: true });
    // ORIG_HEAD.lock: git merge --ff-only of a checked-out base branch writes ORIG_HEAD first.
    const locks = [join(gitDir, 'refs/heads/feature/PROJ-1-x.lock'), join(gitDir, 'refs/heads/main.lock'), join(gitDir, 'index.lock'), join(gitDir, 'ORIG_HEAD.lock')];
    const foreign = join(gitDir, 'refs/heads/someone-else.lock');
    for (const lock of [...locks, foreign]) await writeFile(lock, '');
    await expect(git.git(['update-ref', 'refs/heads/feature/PROJ-1-x', 'HEAD'])).rejects.toThrow(/File exists/);

    const removed = await clearStaleGitLocks(git.root, { branches: ['main', 'feature/PROJ-1-x'], waitMs: 0 });
    expect(removed.sort()).toEqual([...locks].sort());
    expect(existsSync(foreign)).toBe(true);
    await git.git(['update-ref', 'refs/heads/feature/PROJ-1-x', 'HEAD']);
    await git.commit('main still moves');
    await git.git(['merge', '--ff-only', 'HEAD']);
  });

  test('does nothing in a healthy repository', async () => {
    const git = await createTempGitRepo({ files: { 'README.md': '#\n' } });
    cleanups.push(git.cleanup);
    expect(await clearStaleGitLocks(git.root, { branches: ['main'] })).toEqual([]);
  });
});
