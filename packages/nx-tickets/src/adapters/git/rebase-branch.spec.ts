import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { createTicketWorktree, type TicketWorktree } from './create-ticket-worktree.js';
import { ensureWorktreesIgnored } from './ensure-worktrees-ignored.js';
import { mergeInto } from './merge-into.js';
import { rebaseOnto } from './rebase-branch.js';

const run = promisify(execFile);
async function repo(files: Record<string, string> = { 'README.md': '#\n', 'libs/a/x.ts': 'a\n', 'libs/b/y.ts': 'b\n' }): Promise<TempGitRepo> {
  const created = await createTestGitRepo({ files });
  await ensureWorktreesIgnored(created.root);
  return created;
}

const sha = async (git: TempGitRepo, ref = 'HEAD', cwd = git.root): Promise<string> => (await git.git(['-C', cwd, 'rev-parse', ref])).trim();

/** A ticket worktree from `from` with one commit per entry of `commits`. */
async function ticket(git: TempGitRepo, key: string, from: string, commits: Array<Record<string, string>>): Promise<TicketWorktree> {
  const worktree = await createTicketWorktree(git.root, { key, branch: `task/${key}`, startPoint: from });
  for (const [index, files] of commits.entries()) {
    for (const [path, text] of Object.entries(files)) await writeFile(join(worktree.path, path), text);
    await commitAll(worktree.path, { message: `${key}: step ${index + 1}`, trailers: { Ticket: key } });
  }
  return worktree;
}

/** Whether git is in the middle of a rebase or merge in `worktree`. */
async function midOperation(git: TempGitRepo, worktree: string): Promise<boolean> {
  const paths = await git.git(['-C', worktree, 'rev-parse', '--path-format=absolute', '--git-path', 'rebase-merge', '--git-path', 'MERGE_HEAD']);
  return paths.trim().split('\n').some((path) => existsSync(path));
}

/** The files a merge of `a` and `b` would conflict on (`git merge-tree`, nothing written to any branch). */
async function wouldConflict(git: TempGitRepo, a: string, b: string): Promise<string[]> {
  const result = await run('git', ['merge-tree', '--write-tree', '--name-only', '--no-messages', a, b], { cwd: git.root }).catch((error: { stdout: string }) => error);
  return result.stdout.trim().split('\n').slice(1);
}

const packageJson = (deps: Record<string, string>, devDeps: Record<string, string>): string =>
  `${JSON.stringify({ name: 'demo', version: '1.0.0', private: true, dependencies: deps, description: 'lockfile demo', license: 'MIT', keywords: ['a', 'b'], devDependencies: devDeps }, null, 2)}\n`;

const npmLock = (cwd: string): Promise<unknown> => run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd });

/** A repository whose package.json has only local `file:` packages (no network), lockfile committed. */
async function npmRepo(): Promise<TempGitRepo> {
  const local = (name: string): string => `${JSON.stringify({ name, version: '1.0.0' })}\n`;
  const git = await repo({ 'package.json': packageJson({}, {}), 'local/p1/package.json': local('p1'), 'local/p2/package.json': local('p2'), 'local/p3/package.json': local('p3'), '.gitignore': 'node_modules\n' });
  await npmLock(git.root);
  await git.commit('lockfile');
  return git;
}

describe('rebaseOnto', () => {
  test('replays the branch on the moved base, and does nothing the second time', async () => {
    const git = await repo();
    const worktree = await ticket(git, 'PROJ-1', await sha(git), [{ 'libs/a/x.ts': 'ticket\n' }]);
    await git.write('libs/b/y.ts', 'main\n');
    const main = await git.commit('main moves on');
    const result = await rebaseOnto(worktree.path, { onto: 'main' });
    expect(result).toEqual({ ok: true, head: await sha(git, 'HEAD', worktree.path), moved: true });
    expect(await sha(git, 'HEAD~1', worktree.path)).toBe(main);
    expect(await readFile(join(worktree.path, 'libs/b/y.ts'), 'utf8')).toBe('main\n');
    expect(await rebaseOnto(worktree.path, { onto: 'main' })).toEqual({ ...result, moved: false });
  });

  test('leaves the branch exactly as it was on a conflict', async () => {
    const git = await repo();
    const worktree = await ticket(git, 'PROJ-2', await sha(git), [{ 'libs/b/y.ts': 'ticket b\n' }, { 'libs/a/x.ts': 'ticket a\n' }]);
    const before = await sha(git, 'HEAD', worktree.path);
    await git.write('libs/a/x.ts', 'main a\n');
    await git.commit('main edits a');
    const result = await rebaseOnto(worktree.path, { onto: 'refs/heads/main' });
    expect(result).toEqual({ ok: false, conflicts: ['libs/a/x.ts'], reason: 'conflicts in libs/a/x.ts' });
    expect(await sha(git, 'HEAD', worktree.path)).toBe(before);
    expect(await sha(git, 'refs/heads/task/PROJ-2')).toBe(before);
    expect((await git.git(['-C', worktree.path, 'symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/task/PROJ-2');
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    expect(await midOperation(git, worktree.path)).toBe(false);
  });

  test('replays only its own commits onto a base where the predecessor was squash-merged', async () => {
    const git = await repo();
    const first = await ticket(git, 'PROJ-1', await sha(git), [{ 'libs/a/x.ts': 'one\n' }, { 'libs/a/x.ts': 'one two\n' }]);
    const firstHead = await sha(git, 'HEAD', first.path);
    const stacked = await ticket(git, 'PROJ-2', firstHead, [{ 'libs/a/x.ts': 'one two three\n', 'libs/b/y.ts': 'stacked\n' }]);
    await git.git(['merge', '-q', '--squash', 'task/PROJ-1']);
    const squashed = await git.commit('PROJ-1 (squashed)');
    const result = await rebaseOnto(stacked.path, { onto: 'main', upstream: firstHead });
    expect(result).toMatchObject({ ok: true, moved: true });
    expect((await git.git(['-C', stacked.path, 'log', '--format=%s', 'main..HEAD'])).trim()).toBe('PROJ-2: step 1');
    expect(await sha(git, 'HEAD~1', stacked.path)).toBe(squashed);
    expect(await readFile(join(stacked.path, 'libs/a/x.ts'), 'utf8')).toBe('one two three\n');
  });

  test('regenerates an npm lockfile that is the only conflict, commit after commit', { timeout: 120_000 }, async () => {
    const git = await npmRepo();
    const start = await sha(git);
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-3', branch: 'task/PROJ-3', startPoint: start });
    const steps: Array<Record<string, string>> = [{ p2: 'file:local/p2' }, { p2: 'file:local/p2', p3: 'file:local/p3' }];
    for (const [index, devDeps] of steps.entries()) {
      await writeFile(join(worktree.path, 'package.json'), packageJson({}, devDeps));
      await npmLock(worktree.path);
      await commitAll(worktree.path, { message: `PROJ-3: step ${index + 1}` });
    }
    await git.write('package.json', packageJson({ p1: 'file:local/p1' }, {}));
    await npmLock(git.root);
    const main = await git.commit('main adds p1');
    expect(await wouldConflict(git, 'main', 'task/PROJ-3~1')).toEqual(['package-lock.json']);
    const result = await rebaseOnto(worktree.path, { onto: 'main' });
    expect(result).toMatchObject({ ok: true, moved: true });
    expect((await git.git(['-C', worktree.path, 'log', '--format=%s', 'main..HEAD'])).trim()).toBe('PROJ-3: step 2\nPROJ-3: step 1');
    expect(await sha(git, 'HEAD~2', worktree.path)).toBe(main);
    const lock = JSON.parse(await readFile(join(worktree.path, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: object; devDependencies?: object }> };
    expect(lock.packages['']).toMatchObject({ dependencies: { p1: 'file:local/p1' }, devDependencies: { p2: 'file:local/p2', p3: 'file:local/p3' } });
    expect(Object.keys(lock.packages).filter((path) => path.startsWith('node_modules/')).sort()).toEqual(['node_modules/p1', 'node_modules/p2', 'node_modules/p3']);
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    expect(await midOperation(git, worktree.path)).toBe(false);
  });

  test('aborts when a lockfile conflicts together with another file', async () => {
    const git = await repo({ 'package-lock.json': '{}\n', 'libs/a/x.ts': 'a\n' });
    const start = await sha(git);
    const both = await ticket(git, 'PROJ-4', start, [{ 'package-lock.json': '{"ticket":1}\n', 'libs/a/x.ts': 'ticket\n' }]);
    for (const [path, text] of Object.entries({ 'package-lock.json': '{"main":1}\n', 'libs/a/x.ts': 'main\n' })) await git.write(path, text);
    await git.commit('main edits everything');
    const beforeBoth = await sha(git, 'HEAD', both.path);
    expect(await rebaseOnto(both.path, { onto: 'main' })).toEqual({ ok: false, conflicts: ['libs/a/x.ts', 'package-lock.json'], reason: 'conflicts in libs/a/x.ts' });
    expect(await sha(git, 'HEAD', both.path)).toBe(beforeBoth);
    expect(await midOperation(git, both.path)).toBe(false);
  });

  test('refuses to start over uncommitted changes and keeps them', async () => {
    const git = await repo();
    const worktree = await ticket(git, 'PROJ-7', await sha(git), [{ 'libs/a/x.ts': 'ticket\n' }]);
    await git.write('libs/b/y.ts', 'main\n');
    await git.commit('main moves on');
    await writeFile(join(worktree.path, 'libs/b/y.ts'), 'uncommitted\n');
    await expect(rebaseOnto(worktree.path, { onto: 'main' })).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED', command: 'rebase' });
    expect(await readFile(join(worktree.path, 'libs/b/y.ts'), 'utf8')).toBe('uncommitted\n');
    expect(await midOperation(git, worktree.path)).toBe(false);
  });

  test('treats an option-like onto as a revision name', async () => {
    const git = await repo();
    const worktree = await ticket(git, 'PROJ-6', await sha(git), [{ 'libs/a/x.ts': 'ticket\n' }]);
    await expect(rebaseOnto(worktree.path, { onto: '--upload-pack=evil' })).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_REF_NOT_FOUND' });
    await expect(rebaseOnto(worktree.path, { onto: 'main', upstream: '--exec=touch /tmp/pwned' })).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED' });
    expect(existsSync('/tmp/pwned')).toBe(false);
  });
});

describe('mergeInto', () => {
  test('merges the base with a merge commit, and does nothing the second time', async () => {
    const git = await repo();
    const worktree = await ticket(git, 'PROJ-1', await sha(git), [{ 'libs/a/x.ts': 'ticket\n' }]);
    const ticketHead = await sha(git, 'HEAD', worktree.path);
    await git.write('libs/b/y.ts', 'main\n');
    const main = await git.commit('main moves on');
    const result = await mergeInto(worktree.path, { ref: 'main' });
    expect(result).toMatchObject({ ok: true, moved: true });
    expect((await git.git(['-C', worktree.path, 'log', '-1', '--format=%P|%s'])).trim()).toBe(`${ticketHead} ${main}|Merge branch 'main' into task/PROJ-1`);
    expect(await mergeInto(worktree.path, { ref: 'main' })).toMatchObject({ ok: true, moved: false });
  });

  test('aborts a conflicting merge and leaves the branch as it was', async () => {
    const git = await repo();
    const worktree = await ticket(git, 'PROJ-2', await sha(git), [{ 'libs/a/x.ts': 'ticket\n' }]);
    const before = await sha(git, 'HEAD', worktree.path);
    await git.write('libs/a/x.ts', 'main\n');
    await git.commit('main edits a');
    expect(await mergeInto(worktree.path, { ref: 'main' })).toEqual({ ok: false, conflicts: ['libs/a/x.ts'], reason: 'conflicts in libs/a/x.ts' });
    expect(await sha(git, 'HEAD', worktree.path)).toBe(before);
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    expect(await midOperation(git, worktree.path)).toBe(false);
  });

  test('regenerates an npm lockfile that is the only conflict', { timeout: 120_000 }, async () => {
    const git = await npmRepo();
    const worktree = await createTicketWorktree(git.root, { key: 'PROJ-3', branch: 'task/PROJ-3', startPoint: await sha(git) });
    await writeFile(join(worktree.path, 'package.json'), packageJson({}, { p2: 'file:local/p2' }));
    await npmLock(worktree.path);
    await commitAll(worktree.path, { message: 'PROJ-3: p2' });
    await git.write('package.json', packageJson({ p1: 'file:local/p1' }, {}));
    await npmLock(git.root);
    await git.commit('main adds p1');
    expect(await wouldConflict(git, 'main', 'task/PROJ-3')).toEqual(['package-lock.json']);
    expect(await mergeInto(worktree.path, { ref: 'main' })).toMatchObject({ ok: true, moved: true });
    const lock = JSON.parse(await readFile(join(worktree.path, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(lock.packages['']).toMatchObject({ dependencies: { p1: 'file:local/p1' }, devDependencies: { p2: 'file:local/p2' } });
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
  });
});
