import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunState, TicketRunState } from '@nx-tickets/core';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { createTicketWorktree, ensureWorktreesIgnored } from '../adapters/git/index.js';
import { nxDataDirs } from './nx-data-dirs.js';
import { removeMergedWorktrees } from './remove-merged-worktrees.js';

describe('removeMergedWorktrees', () => {
  test('removes a clean merged worktree and keeps one holding a new file git does not ignore', async () => {
    const git = await createTestGitRepo({ files: { '.gitignore': '/out/\n', 'a.txt': 'a\n' } });
    await ensureWorktreesIgnored(git.root);
    const clean = await createTicketWorktree(git.root, { key: 'M-1', branch: 'task/M-1', startPoint: 'HEAD' });
    const withNew = await createTicketWorktree(git.root, { key: 'M-2', branch: 'task/M-2', startPoint: 'HEAD' });
    await writeFile(join(withNew.path, 'new-helper.js'), 'export {};\n');
    const merged = (key: string, worktree: string) => ({ key, status: 'merged', worktree }) as unknown as TicketRunState;
    const state = { order: ['M-1', 'M-2'], tickets: { 'M-1': merged('M-1', clean.path), 'M-2': merged('M-2', withNew.path) } } as unknown as RunState;
    const dataOf = (key: string) => nxDataDirs(git.root, key);
    for (const key of ['M-1', 'M-2']) for (const dir of Object.values(dataOf(key))) await mkdir(dir, { recursive: true });
    const kept = await removeMergedWorktrees(git.root, state);
    expect(Object.values(dataOf('M-1')).map(existsSync)).toEqual([false, false]);
    expect(Object.values(dataOf('M-2')).map(existsSync)).toEqual([true, true]);
    expect(existsSync(clean.path)).toBe(false);
    expect(state.tickets['M-1']?.worktreeRemoved).toBe(true);
    expect(existsSync(join(withNew.path, 'new-helper.js'))).toBe(true);
    expect(kept).toEqual([`kept the worktree of merged M-2 (uncommitted changes in new-helper.js): ${withNew.path}`]);
  });
});
