import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { createTicketWorktree, moveIdleBranchForward } from './create-ticket-worktree.js';
import { ensureWorktreesIgnored } from './ensure-worktrees-ignored.js';
import { linkNodeModules } from './link-node-modules.js';

const run = promisify(execFile);
async function repo(files: Record<string, string> = { 'README.md': '#\n', 'libs/a/x.ts': 'a\n' }): Promise<TempGitRepo> {
  const created = await createTestGitRepo({ files });
  await ensureWorktreesIgnored(created.root);
  return created;
}

const head = async (git: TempGitRepo): Promise<string> => (await git.git(['rev-parse', 'HEAD'])).trim();

describe('createTicketWorktree', () => {
  test('creates the branch at the start point and checks it out in .nx/tickets/worktrees/<KEY>', async () => {
    const git = await repo();
    const start = await head(git);
    await git.write('libs/a/x.ts', 'main moved on\n');
    await git.commit('main moves on');
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-1', branch: 'feature/PROJ-1-avatar', startPoint: start });
    expect(worktree).toEqual({ path: join(git.root, '.nx/tickets/worktrees/PROJ-1'), workspaceRoot: join(git.root, '.nx/tickets/worktrees/PROJ-1'), branch: 'feature/PROJ-1-avatar', head: start, created: true });
    expect(await readFile(join(worktree.path, 'libs/a/x.ts'), 'utf8')).toBe('a\n');
    expect((await git.git(['-C', worktree.path, 'symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/feature/PROJ-1-avatar');
    expect(await git.git(['status', '--porcelain'])).toBe('');
  });

  test('finishes the checkout of a worktree whose runner was killed after adding it (no index yet)', async () => {
    const git = await repo();
    const start = await head(git);
    await git.git(['branch', 'task/PROJ-5', start]);
    const path = join(git.root, '.nx/tickets/worktrees/PROJ-5');
    // What a runner killed between `git worktree add --no-checkout` and the checkout leaves behind.
    await git.git(['worktree', 'add', '--quiet', '--no-checkout', path, 'task/PROJ-5']);
    expect(existsSync(join(path, 'libs/a/x.ts'))).toBe(false);
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-5', branch: 'task/PROJ-5', startPoint: start });
    expect(worktree).toMatchObject({ path, head: start, created: false });
    expect(await readFile(join(path, 'libs/a/x.ts'), 'utf8')).toBe('a\n');
    expect(await git.git(['-C', path, 'status', '--porcelain'])).toBe('');
  });

  test('reuses its worktree on a second call without touching its content', async () => {
    const git = await repo();
    const options = { key: 'PROJ-2', branch: 'fix/PROJ-2', startPoint: await head(git) };
    const first = await createTicketWorktree(git.root, options);
    await writeFile(join(first.path, 'libs/a/x.ts'), 'work in progress\n');
    const second = await createTicketWorktree(git.root, { ...options, startPoint: 'HEAD' });
    expect(second).toEqual({ ...first, created: false });
    expect(await readFile(join(first.path, 'libs/a/x.ts'), 'utf8')).toBe('work in progress\n');
  });

  test('checks out an existing branch as it is, never reset to the start point', async () => {
    const git = await repo();
    const start = await head(git);
    const existing = await git.branch('feature/PROJ-3-x', { 'libs/a/x.ts': 'done already\n' });
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-3', branch: 'feature/PROJ-3-x', startPoint: start });
    expect(worktree.head).toBe(existing);
    expect(await readFile(join(worktree.path, 'libs/a/x.ts'), 'utf8')).toBe('done already\n');
  });

  test('moves an existing branch with no commits of its own forward to the start point (no worktree has it)', async () => {
    const git = await repo();
    const old = await head(git);
    await git.git(['branch', 'task/PROJ-10', old]);
    await git.write('libs/a/x.ts', 'fixed on main\n');
    const fixed = await git.commit('fix on main');
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-10', branch: 'task/PROJ-10', startPoint: fixed });
    expect(worktree).toMatchObject({ created: true, head: fixed });
    expect(worktree.behind).toBeUndefined();
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-10'])).trim()).toBe(fixed);
    expect(await readFile(join(worktree.path, 'libs/a/x.ts'), 'utf8')).toBe('fixed on main\n');
    expect(await git.git(['reflog', '-1', '--format=%gs', 'refs/heads/task/PROJ-10'])).toContain('no commits of its own');
  });

  test('fast-forwards the ticket’s clean worktree whose branch has no commits of its own', async () => {
    const git = await repo();
    const old = await head(git);
    const first = await createTicketWorktree(git.root, { key: 'PROJ-11', branch: 'task/PROJ-11', startPoint: old });
    await git.write('libs/a/x.ts', 'fixed on main\n');
    const fixed = await git.commit('fix on main');
    const again = await createTicketWorktree(git.root, { key: 'PROJ-11', branch: 'task/PROJ-11', startPoint: fixed });
    expect(again).toEqual({ ...first, head: fixed, created: false });
    expect(await readFile(join(first.path, 'libs/a/x.ts'), 'utf8')).toBe('fixed on main\n');
    expect(await git.git(['-C', first.path, 'status', '--porcelain'])).toBe('');
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-11'])).trim()).toBe(fixed);
  });

  test('leaves the ticket’s worktree with uncommitted changes (a person’s fix) where it is, and says where it could go', async () => {
    const git = await repo();
    const old = await head(git);
    const first = await createTicketWorktree(git.root, { key: 'PROJ-12', branch: 'task/PROJ-12', startPoint: old });
    await writeFile(join(first.path, 'libs/a/x.ts'), 'my fix\n');
    await writeFile(join(first.path, 'notes.md'), 'mine\n');
    await git.write('README.md', '# moved\n');
    const moved = await git.commit('main moves on');
    const again = await createTicketWorktree(git.root, { key: 'PROJ-12', branch: 'task/PROJ-12', startPoint: moved });
    expect(again).toEqual({ ...first, created: false, behind: moved });
    expect(await readFile(join(first.path, 'libs/a/x.ts'), 'utf8')).toBe('my fix\n');
    expect(await readFile(join(first.path, 'notes.md'), 'utf8')).toBe('mine\n');
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-12'])).trim()).toBe(old);
  });

  test('never moves a branch with commits of its own, with or without a worktree', async () => {
    const git = await repo();
    const own = await git.branch('task/PROJ-13', { 'libs/a/y.ts': 'work\n' });
    await git.write('README.md', '# moved\n');
    const moved = await git.commit('main moves on');
    const tree = await createTicketWorktree(git.root, { key: 'PROJ-13', branch: 'task/PROJ-13', startPoint: moved });
    expect(tree).toMatchObject({ head: own, created: true });
    expect(tree.behind).toBeUndefined();
    await git.write('README.md', '# moved again\n');
    const later = await git.commit('main moves on again');
    const again = await createTicketWorktree(git.root, { key: 'PROJ-13', branch: 'task/PROJ-13', startPoint: later });
    expect(again).toEqual({ ...tree, created: false });
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-13'])).trim()).toBe(own);
    // A start point behind the branch (the branch is ahead of it) does not move it either.
    expect(await createTicketWorktree(git.root, { key: 'PROJ-13', branch: 'task/PROJ-13', startPoint: moved })).toEqual({ ...tree, created: false });
  });

  test('moves a branch forward only while it is where it was read (compare-and-swap), and only forward', async () => {
    const git = await repo();
    const old = await head(git);
    await git.git(['branch', 'task/PROJ-14', old]);
    await git.write('README.md', '# moved\n');
    const moved = await git.commit('main moves on');
    // Another process committed on the branch after it was read at `old`: the move is refused.
    const own = await git.branch('other/PROJ-14', { 'libs/a/z.ts': 'z\n' }, { from: old });
    await git.git(['update-ref', 'refs/heads/task/PROJ-14', own, old]);
    expect(await moveIdleBranchForward(git.root, 'refs/heads/task/PROJ-14', old, moved)).toBe(false);
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-14'])).trim()).toBe(own);
    // A branch with a commit of its own is not an ancestor of the start point: never moved.
    expect(await moveIdleBranchForward(git.root, 'refs/heads/task/PROJ-14', own, moved)).toBe(false);
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-14'])).trim()).toBe(own);
    await git.git(['branch', 'task/PROJ-15', old]);
    expect(await moveIdleBranchForward(git.root, 'refs/heads/task/PROJ-15', old, moved)).toBe(true);
    expect((await git.git(['rev-parse', 'refs/heads/task/PROJ-15'])).trim()).toBe(moved);
  });

  test('prunes a stale worktree whose folder was deleted and creates it again', async () => {
    const git = await repo();
    const options = { key: 'PROJ-4', branch: 'feature/PROJ-4', startPoint: await head(git) };
    const first = await createTicketWorktree(git.root, options);
    await writeFile(join(first.path, 'new.ts'), 'x\n');
    const work = await commitAll(first.path, { message: 'PROJ-4: work' });
    await rm(first.path, { recursive: true, force: true });
    const again = await createTicketWorktree(git.root, options);
    expect(again).toMatchObject({ path: first.path, created: true, head: work.sha });
    expect(await readFile(join(again.path, 'new.ts'), 'utf8')).toBe('x\n');
  });

  test('gives #42 the folder issue-42', async () => {
    const git = await repo();
    const worktree = await createTicketWorktree(git.root, { key: '#42', branch: 'bug/issue-42-crash', startPoint: 'HEAD' });
    expect(worktree.path).toBe(join(git.root, '.nx/tickets/worktrees/issue-42'));
  });

  test('creates 16 worktrees at once without lock errors', async () => {
    const git = await repo();
    const start = await head(git);
    const keys = Array.from({ length: 16 }, (_, index) => `LOAD-${index + 1}`);
    const worktrees = await Promise.all(keys.map((key) => createTicketWorktree(git.root, { key, branch: `task/${key}`, startPoint: start })));
    expect(worktrees.map((worktree) => worktree.created)).toEqual(keys.map(() => true));
    const listed = (await git.git(['worktree', 'list', '--porcelain'])).split('\n').filter((line) => line.startsWith('branch refs/heads/task/'));
    expect(listed).toHaveLength(16);
    const again = await Promise.all(keys.map((key) => createTicketWorktree(git.root, { key, branch: `task/${key}`, startPoint: start })));
    expect(again.every((worktree) => !worktree.created)).toBe(true);
  });

  test('creates 16 worktrees while another process keeps adding and removing worktrees', async () => {
    const git = await repo(Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`libs/f${index}.ts`, `${index}\n`])));
    const start = await head(git);
    for (let index = 1; index <= 16; index += 1) await git.git(['branch', `other/${index}`]);
    const script = [
      'for round in 1 2 3; do',
      '  for i in $(seq 1 16); do git worktree add -q "../other-$i" "other/$i" 2>/dev/null & done; wait',
      '  for i in $(seq 1 16); do git worktree remove --force "../other-$i" 2>/dev/null & done; wait',
      'done',
    ].join('\n');
    const other = run('sh', ['-c', script], { cwd: git.root });
    const keys = Array.from({ length: 16 }, (_, index) => `LOAD-${index + 1}`);
    const worktrees = await Promise.all(keys.map((key) => createTicketWorktree(git.root, { key, branch: `task/${key}`, startPoint: start })));
    await other;
    expect(worktrees.filter((worktree) => worktree.created)).toHaveLength(16);
    for (const worktree of worktrees) expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
  });

  test('refuses keys that are not ticket keys and never leaves the worktrees folder', async () => {
    const git = await repo();
    for (const key of ['../../x', 'PROJ-1/../../x', '--upload-pack=evil', '$(touch /tmp/pwned)', '']) {
      await expect(createTicketWorktree(git.root, { key, branch: 'task/x', startPoint: 'HEAD' })).rejects.toMatchObject({ code: 'NX_TICKETS_UNSAFE_KEY' });
    }
    expect(existsSync(join(git.root, '..', 'x'))).toBe(false);
    expect((await git.git(['worktree', 'list', '--porcelain'])).match(/^worktree /gm)).toHaveLength(1);
  });

  test('refuses branch names git would read as options or expand', async () => {
    const git = await repo();
    for (const branch of ['-x', '--upload-pack=evil', '@{-1}', 'a..b']) {
      await expect(createTicketWorktree(git.root, { key: 'PROJ-5', branch, startPoint: 'HEAD' })).rejects.toMatchObject({ code: 'NX_TICKETS_UNSAFE_BRANCH' });
    }
  });

  test('says where the branch is checked out when it is the main checkout', async () => {
    const git = await repo();
    await expect(createTicketWorktree(git.root, { key: 'PROJ-6', branch: 'main', startPoint: 'HEAD' })).rejects.toMatchObject({
      code: 'NX_TICKETS_BRANCH_CHECKED_OUT',
      message: `Branch main of PROJ-6 is checked out in ${git.root}.`,
    });
  });

  test('refuses a bad start point and a folder that holds other files', async () => {
    const git = await repo();
    await expect(createTicketWorktree(git.root, { key: 'PROJ-7', branch: 'task/PROJ-7', startPoint: '--output=/tmp/x' })).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_REF_NOT_FOUND' });
    await mkdir(join(git.root, '.nx/tickets/worktrees/PROJ-8'), { recursive: true });
    await writeFile(join(git.root, '.nx/tickets/worktrees/PROJ-8/notes.txt'), 'mine\n');
    await expect(createTicketWorktree(git.root, { key: 'PROJ-8', branch: 'task/PROJ-8', startPoint: 'HEAD' })).rejects.toMatchObject({ code: 'NX_TICKETS_WORKTREE_IN_USE' });
  });
});

describe('linkNodeModules', () => {
  test('a nested worktree resolves dependencies from the main checkout and gets its .bin; nothing is committed', async () => {
    const git = await repo({ '.gitignore': '/node_modules/\n', 'package.json': '{}\n' });
    await mkdir(join(git.root, 'node_modules/dep'), { recursive: true });
    await writeFile(join(git.root, 'node_modules/dep/index.js'), 'module.exports = 1;\n');
    await mkdir(join(git.root, 'node_modules/.bin'), { recursive: true });
    await symlink('../dep/index.js', join(git.root, 'node_modules/.bin/dep'));
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-1', branch: 'task/PROJ-1', startPoint: 'HEAD' });
    expect(await linkNodeModules(git.root, worktree.path)).toEqual({ path: join(worktree.path, 'node_modules'), linked: 1 });
    expect(await linkNodeModules(git.root, worktree.path)).toEqual({ path: join(worktree.path, 'node_modules'), linked: 0 });
    expect(existsSync(join(worktree.path, 'node_modules/dep'))).toBe(false);
    expect(createRequire(join(worktree.path, 'package.json')).resolve('dep')).toBe(join(git.root, 'node_modules/dep/index.js'));
    expect(existsSync(join(worktree.path, 'node_modules/.bin/dep'))).toBe(true);
    expect(await commitAll(worktree.path, { message: 'nothing' })).toMatchObject({ created: false });
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    expect(await readFile(join(git.root, '.gitignore'), 'utf8')).toBe('/node_modules/\n');
  });

  test('a worktree outside the main checkout gets one link per dependency', async () => {
    const git = await repo({ '.gitignore': '/node_modules/\n', 'package.json': '{}\n' });
    await mkdir(join(git.root, 'node_modules/dep'), { recursive: true });
    await mkdir(join(git.root, 'node_modules/@scope/other'), { recursive: true });
    await writeFile(join(git.root, 'node_modules/dep/index.js'), '');
    const outside = await mkdtemp(join(tmpdir(), 'nx-tickets-outside-'));
    try {
      const worktree = await createTicketWorktree(git.root, { key: 'PROJ-4', branch: 'task/PROJ-4', startPoint: 'HEAD', worktreesDir: outside });
      expect(await linkNodeModules(git.root, worktree.path)).toEqual({ path: join(worktree.path, 'node_modules'), linked: 2 });
      expect(await readlink(join(worktree.path, 'node_modules/dep'))).toBe(join(git.root, 'node_modules/dep'));
      expect(await readlink(join(worktree.path, 'node_modules/@scope/other'))).toBe(join(git.root, 'node_modules/@scope/other'));
      expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('points workspace packages at the worktree copy, not the main checkout', async () => {
    const git = await repo({ '.gitignore': 'node_modules\n', 'libs/ui/index.js': "export const v = 'main';\n" });
    await mkdir(join(git.root, 'node_modules/@demo'), { recursive: true });
    await symlink('../../libs/ui', join(git.root, 'node_modules/@demo/ui'));
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-3', branch: 'task/PROJ-3', startPoint: 'HEAD' });
    await writeFile(join(worktree.path, 'libs/ui/index.js'), "export const v = 'worktree';\n");
    await linkNodeModules(git.root, worktree.path);
    expect(await readFile(join(worktree.path, 'node_modules/@demo/ui/index.js'), 'utf8')).toBe("export const v = 'worktree';\n");
  });

  test('gives a workspace package its own dependencies and points workspace commands in .bin into the worktree', async () => {
    const git = await repo({ '.gitignore': '/node_modules/\n', 'libs/ui/index.js': "export const v = 'main';\n", 'libs/ui/bin.js': '#!/usr/bin/env node\n' });
    await mkdir(join(git.root, 'node_modules/@demo'), { recursive: true });
    await symlink('../../libs/ui', join(git.root, 'node_modules/@demo/ui'));
    await mkdir(join(git.root, 'node_modules/.bin'), { recursive: true });
    await symlink('../@demo/ui/bin.js', join(git.root, 'node_modules/.bin/ui-tool'));
    // npm puts the version of a dependency only this package wants in the package's own node_modules.
    await mkdir(join(git.root, 'node_modules/dep'), { recursive: true });
    await writeFile(join(git.root, 'node_modules/dep/index.js'), 'module.exports = 7;\n');
    await mkdir(join(git.root, 'libs/ui/node_modules/dep'), { recursive: true });
    await writeFile(join(git.root, 'libs/ui/node_modules/dep/index.js'), 'module.exports = 6;\n');
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-6', branch: 'task/PROJ-6', startPoint: 'HEAD' });
    await writeFile(join(worktree.path, 'libs/ui/bin.js'), '#!/usr/bin/env node\n// the worktree copy\n');
    await linkNodeModules(git.root, worktree.path);
    expect(createRequire(join(worktree.path, 'libs/ui/index.js')).resolve('dep')).toBe(join(git.root, 'libs/ui/node_modules/dep/index.js'));
    expect(createRequire(join(worktree.path, 'package.json')).resolve('dep')).toBe(join(git.root, 'node_modules/dep/index.js'));
    expect(await readFile(join(worktree.path, 'node_modules/.bin/ui-tool'), 'utf8')).toContain('the worktree copy');
    // Only the edit is a change: the links (libs/ui/node_modules too) are kept out of commits.
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain', '--untracked-files=all'])).toBe(' M libs/ui/bin.js\n');
  });

  test('keeps what a real install put in the worktree and adds only what is missing', async () => {
    const git = await repo({ '.gitignore': 'node_modules\n', 'libs/ui/index.js': '\n' });
    await mkdir(join(git.root, 'node_modules/@demo'), { recursive: true });
    await symlink('../../libs/ui', join(git.root, 'node_modules/@demo/ui'));
    await mkdir(join(git.root, 'node_modules/dep'), { recursive: true });
    await mkdir(join(git.root, 'node_modules/.bin'), { recursive: true });
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-2', branch: 'task/PROJ-2', startPoint: 'HEAD' });
    await mkdir(join(worktree.path, 'node_modules/dep'), { recursive: true });
    await mkdir(join(worktree.path, 'node_modules/.bin'), { recursive: true });
    expect(await linkNodeModules(git.root, worktree.path)).toMatchObject({ linked: 1 });
    expect((await lstat(join(worktree.path, 'node_modules/dep'))).isDirectory()).toBe(true);
    expect((await lstat(join(worktree.path, 'node_modules/.bin'))).isDirectory()).toBe(true);
    expect((await lstat(join(worktree.path, 'node_modules/@demo/ui'))).isSymbolicLink()).toBe(true);
  });
});
