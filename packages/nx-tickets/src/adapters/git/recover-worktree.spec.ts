import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempGitRepo, type TempGitRepo } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { createTicketWorktree } from './create-ticket-worktree.js';
import { ensureWorktreesIgnored } from './ensure-worktrees-ignored.js';
import { recoverWorktree } from './recover-worktree.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A repository whose main moved on after the ticket branch (in its worktree) changed the same line. */
async function setup(): Promise<{ git: TempGitRepo; worktree: string; gitDir: string; ticketHead: string }> {
  const git = await createTempGitRepo({ files: { 'README.md': '#\n', 'libs/a/x.ts': 'a\n' } });
  cleanups.push(git.cleanup);
  await ensureWorktreesIgnored(git.root);
  const start = (await git.git(['rev-parse', 'HEAD'])).trim();
  const tree = await createTicketWorktree(git.root, { key: 'PROJ-1', branch: 'feature/PROJ-1', startPoint: start });
  await writeFile(join(tree.path, 'libs/a/x.ts'), 'ticket\n');
  await git.git(['-C', tree.path, 'commit', '-q', '-am', 'PROJ-1: ticket']);
  await git.write('libs/a/x.ts', 'main\n');
  await git.commit('main moves on');
  const gitDir = (await git.git(['-C', tree.path, 'rev-parse', '--absolute-git-dir'])).trim();
  return { git, worktree: tree.path, gitDir, ticketHead: (await git.git(['-C', tree.path, 'rev-parse', 'HEAD'])).trim() };
}

describe('recoverWorktree', () => {
  test('leaves a healthy worktree alone', async () => {
    const { worktree } = await setup();
    expect(await recoverWorktree(worktree)).toEqual([]);
  });

  test('after a kill in the middle of a rebase: removes the stale index.lock and aborts the rebase, the branch keeps its commit', async () => {
    const { git, worktree, gitDir, ticketHead } = await setup();
    await git.git(['-C', worktree, 'rebase', 'main']).catch(() => undefined); // stops on the conflict, as a kill would leave it
    expect(existsSync(join(gitDir, 'rebase-merge'))).toBe(true);
    await writeFile(join(gitDir, 'index.lock'), '');

    expect(await recoverWorktree(worktree, { waitMs: 0 })).toEqual(['removed a stale index.lock', 'aborted an interrupted rebase']);
    expect(existsSync(join(gitDir, 'rebase-merge'))).toBe(false);
    expect(existsSync(join(gitDir, 'index.lock'))).toBe(false);
    expect((await git.git(['-C', worktree, 'symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/feature/PROJ-1');
    expect((await git.git(['-C', worktree, 'rev-parse', 'HEAD'])).trim()).toBe(ticketHead);
    expect(await git.git(['-C', worktree, 'status', '--porcelain'])).toBe('');
  });

  test('aborts a merge left half-done', async () => {
    const { git, worktree, gitDir, ticketHead } = await setup();
    await git.git(['-C', worktree, 'merge', '--no-edit', 'main']).catch(() => undefined);
    expect(existsSync(join(gitDir, 'MERGE_HEAD'))).toBe(true);
    expect(await recoverWorktree(worktree, { waitMs: 0 })).toEqual(['aborted an interrupted merge']);
    expect((await git.git(['-C', worktree, 'rev-parse', 'HEAD'])).trim()).toBe(ticketHead);
    expect(await git.git(['-C', worktree, 'status', '--porcelain'])).toBe('');
  });

  test('createTicketWorktree makes again a worktree whose git worktree add was killed half-way, keeping the branch', async () => {
    const { git, worktree, gitDir, ticketHead } = await setup();
    // What a kill between `git worktree add` writing its admin files and checking out leaves.
    await writeFile(join(gitDir, 'locked'), 'initializing\n');
    await writeFile(join(gitDir, 'HEAD'), `${'0'.repeat(40)}\n`);
    await rm(join(gitDir, 'index'), { force: true });
    await rm(join(worktree, 'libs'), { recursive: true, force: true });

    const again = await createTicketWorktree(git.root, { key: 'PROJ-1', branch: 'feature/PROJ-1', startPoint: 'main' });
    expect(again).toMatchObject({ path: worktree, created: true, head: ticketHead });
    expect(await readFile(join(worktree, 'libs/a/x.ts'), 'utf8')).toBe('ticket\n');
    expect(await git.git(['-C', worktree, 'status', '--porcelain'])).toBe('');
    expect(await git.git(['worktree', 'list', '--porcelain'])).not.toContain('locked');
  });
});
