import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { createTicketWorktree } from './create-ticket-worktree.js';
import { ensureWorktreesIgnored } from './ensure-worktrees-ignored.js';
import { deleteMergedBranch, removeTicketWorktree } from './remove-ticket-worktree.js';

async function repo(): Promise<TempGitRepo> {
  const created = await createTestGitRepo({ files: { 'README.md': '#\n', 'libs/a/x.ts': 'a\n' } });
  await ensureWorktreesIgnored(created.root);
  return created;
}
const head = async (git: TempGitRepo, ref = 'HEAD'): Promise<string> => (await git.git(['rev-parse', ref])).trim();

describe('removeTicketWorktree', () => {
  test('removes the checkout and its untracked files but not what its links point to, and keeps the branch', async () => {
    const git = await repo();
    const tree = await createTicketWorktree(git.root, { key: 'PROJ-1', branch: 'feature/PROJ-1', startPoint: await head(git) });
    // A linked dependency folder of the main checkout, as a run leaves it.
    await mkdir(join(git.root, 'node_modules', 'dep'), { recursive: true });
    await writeFile(join(git.root, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
    await mkdir(join(tree.path, 'node_modules'));
    await symlink(join(git.root, 'node_modules', 'dep'), join(tree.path, 'node_modules', 'dep'));
    expect(await removeTicketWorktree(git.root, tree.path)).toEqual({ removed: true });
    expect(existsSync(tree.path)).toBe(false);
    expect(existsSync(join(git.root, 'node_modules', 'dep', 'index.js'))).toBe(true);
    expect(await git.git(['worktree', 'list', '--porcelain'])).not.toContain('PROJ-1');
    expect(await git.git(['branch', '--list', 'feature/PROJ-1'])).toContain('feature/PROJ-1');
    expect(await removeTicketWorktree(git.root, tree.path)).toEqual({ removed: false, reason: 'gone' });
  });

  test('keeps a worktree with uncommitted changes to tracked files', async () => {
    const git = await repo();
    const tree = await createTicketWorktree(git.root, { key: 'PROJ-2', branch: 'fix/PROJ-2', startPoint: await head(git) });
    await writeFile(join(tree.path, 'libs/a/x.ts'), 'half resolved\n');
    expect(await removeTicketWorktree(git.root, tree.path)).toEqual({ removed: false, reason: 'changed', detail: 'uncommitted changes in libs/a/x.ts' });
    expect(existsSync(join(tree.path, 'libs/a/x.ts'))).toBe(true);
  });

  test('with keepUntracked, keeps a worktree with new files git does not ignore', async () => {
    const git = await repo();
    const tree = await createTicketWorktree(git.root, { key: 'PROJ-8', branch: 'fix/PROJ-8', startPoint: await head(git) });
    await writeFile(join(tree.path, 'libs/a/my-new-fix.ts'), 'my fix\n');
    expect(await removeTicketWorktree(git.root, tree.path, { keepUntracked: true })).toEqual({ removed: false, reason: 'changed', detail: 'uncommitted changes in libs/a/my-new-fix.ts' });
    expect(existsSync(join(tree.path, 'libs/a/my-new-fix.ts'))).toBe(true);
    expect(await removeTicketWorktree(git.root, tree.path)).toEqual({ removed: true });
  });

  test('prunes a worktree whose folder is gone, and never touches a folder that is not a worktree', async () => {
    const git = await repo();
    const tree = await createTicketWorktree(git.root, { key: 'PROJ-3', branch: 'fix/PROJ-3', startPoint: await head(git) });
    await rm(tree.path, { recursive: true, force: true });
    expect(await removeTicketWorktree(git.root, tree.path)).toEqual({ removed: false, reason: 'gone' });
    expect(await git.git(['worktree', 'list', '--porcelain'])).not.toContain('PROJ-3');
    const plain = join(git.root, '.nx', 'tickets', 'worktrees', 'PROJ-4');
    await mkdir(plain, { recursive: true });
    await writeFile(join(plain, 'notes.txt'), 'mine\n');
    expect(await removeTicketWorktree(git.root, plain)).toMatchObject({ removed: false, reason: 'not-a-worktree' });
    expect(existsSync(join(plain, 'notes.txt'))).toBe(true);
  });
});

test('finishes a removal that was killed half-way: the folder is left without its .git link', async () => {
  const git = await repo();
  const tree = await createTicketWorktree(git.root, { key: 'PROJ-7', branch: 'fix/PROJ-7', startPoint: await head(git) });
  await rm(join(tree.path, '.git'));
  await rm(join(tree.path, 'README.md'));
  expect(await git.git(['worktree', 'list', '--porcelain'])).toContain('prunable');
  expect(await removeTicketWorktree(git.root, tree.path)).toEqual({ removed: true });
  expect(existsSync(tree.path)).toBe(false);
  expect(await git.git(['worktree', 'list', '--porcelain'])).not.toContain('PROJ-7');
  // The main checkout was not touched.
  expect(await git.git(['status', '--porcelain'])).toBe('');
  expect(existsSync(join(git.root, 'libs/a/x.ts'))).toBe(true);
});

describe('deleteMergedBranch', () => {
  test('deletes a branch whose commits are all on the base, keeps one with its own commits', async () => {
    const git = await repo();
    const base = (await git.git(['symbolic-ref', '--short', 'HEAD'])).trim();
    const merged = await createTicketWorktree(git.root, { key: 'PROJ-5', branch: 'feature/PROJ-5', startPoint: await head(git) });
    await writeFile(join(merged.path, 'libs/a/x.ts'), 'merged work\n');
    await commitAll(merged.path, { message: 'PROJ-5: work' });
    await git.git(['merge', '--ff-only', 'feature/PROJ-5']);
    const open = await createTicketWorktree(git.root, { key: 'PROJ-6', branch: 'feature/PROJ-6', startPoint: await head(git) });
    await writeFile(join(open.path, 'README.md'), 'open work\n');
    await commitAll(open.path, { message: 'PROJ-6: work' });
    // Checked out in its worktree: kept until the worktree is gone.
    expect(await deleteMergedBranch(git.root, 'feature/PROJ-5', base)).toBe(false);
    await removeTicketWorktree(git.root, merged.path);
    expect(await deleteMergedBranch(git.root, 'feature/PROJ-5', base)).toBe(true);
    await removeTicketWorktree(git.root, open.path);
    expect(await deleteMergedBranch(git.root, 'feature/PROJ-6', base)).toBe(false);
    expect(await deleteMergedBranch(git.root, 'feature/PROJ-404', base)).toBe(false);
    expect((await git.git(['branch', '--list'])).split('\n').map((b) => b.trim().replace(/^\* /, '')).filter(Boolean).sort()).toEqual(['feature/PROJ-6', base].sort());
  });
});
