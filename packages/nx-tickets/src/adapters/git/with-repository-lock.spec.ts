import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { execGit, GitCommandError } from './exec-git.js';
import { withRepositoryLock } from './with-repository-lock.js';

async function repo(): Promise<TempGitRepo> {
  const created = await createTestGitRepo();
  return created;
}

describe('withRepositoryLock', () => {
  test('runs tasks of one repository one at a time, across its worktrees', async () => {
    const git = await repo();
    await git.git(['worktree', 'add', '-q', join(git.root, '../other'), '-b', 'other']);
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await sleep(ms);
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([withRepositoryLock(git.root, task('a', 30)), withRepositoryLock(join(git.root, '../other'), task('b', 1)), withRepositoryLock(git.root, task('c', 1))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toHaveLength(6);
    for (let index = 0; index < 6; index += 2) expect(events[index + 1]).toBe(events[index]?.replace('start', 'end'));
  });

  test('a base move does not wait for a worktree change of the same repository, nor the other way round', async () => {
    const git = await repo();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await sleep(ms);
      events.push(`end ${name}`);
    };
    await Promise.all([withRepositoryLock(git.root, task('worktree', 60)), withRepositoryLock(git.root, task('base', 1), { lane: 'base' }), withRepositoryLock(git.root, task('next worktree', 1))]);
    expect(events).toEqual(['start worktree', 'start base', 'end base', 'end worktree', 'start next worktree', 'end next worktree']);
  });

  test('retries while another process holds config.lock, then succeeds', async () => {
    const git = await repo();
    const lock = join(git.root, '.git/config.lock');
    await writeFile(lock, '');
    setTimeout(() => void rm(lock), 150);
    let tries = 0;
    await withRepositoryLock(git.root, async () => {
      tries += 1;
      await execGit(git.root, ['config', 'nx-tickets.test', 'yes']);
    });
    expect(tries).toBeGreaterThan(1);
    expect((await git.git(['config', 'nx-tickets.test'])).trim()).toBe('yes');
  });

  test('retries when a parallel git worktree add of another process is half-way', async () => {
    const git = await repo();
    let tries = 0;
    const result = await withRepositoryLock(git.root, async () => {
      tries += 1;
      if (tries === 1) throw new GitCommandError(['worktree', 'add'], git.root, 128, 'fatal: failed to read .git/worktrees/T-3/commondir: Success\n');
      return 'added';
    });
    expect([result, tries]).toEqual(['added', 2]);
  });

  test('retries a fetch that met a worktree another process is still adding', async () => {
    const git = await repo();
    let tries = 0;
    const result = await withRepositoryLock(git.root, async () => {
      tries += 1;
      // Seen in CI: git fetch checks the HEAD of every worktree, and a half-added one has none yet.
      if (tries === 1) throw new GitCommandError(['fetch'], git.root, 128, 'fatal: bad object worktrees/G-2/HEAD\n');
      return 'fetched';
    });
    expect([result, tries]).toEqual(['fetched', 2]);
  });

  test('gives up after the last try and does not retry other failures', async () => {
    const git = await repo();
    await writeFile(join(git.root, '.git/config.lock'), '');
    await expect(withRepositoryLock(git.root, () => execGit(git.root, ['config', 'a.b', 'c']), { attempts: 2, delayMs: 1 })).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED', command: 'config' });
    let tries = 0;
    const failing = withRepositoryLock(git.root, async () => {
      tries += 1;
      await execGit(git.root, ['rev-parse', '--verify', 'nope']);
    });
    await expect(failing).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED' });
    expect(tries).toBe(1);
  });
});
