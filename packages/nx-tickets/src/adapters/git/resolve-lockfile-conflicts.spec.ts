import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPackageManager } from '@nx-tickets/testing';
import { createTestGitRepo, usePackageManager } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { createTicketWorktree } from './create-ticket-worktree.js';
import { ensureWorktreesIgnored } from './ensure-worktrees-ignored.js';
import { linkNodeModules } from './link-node-modules.js';
import { mergeInto } from './merge-into.js';
import { rebaseOnto } from './rebase-branch.js';

const run = promisify(execFile);
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A yarn 1 or bun workspace: package `a` and `b` in libs/, local `file:` packages one and two (nothing to download). */
const WORKSPACE: Record<string, string> = {
  'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }),
  'libs/a/package.json': json({ name: 'a', version: '0.0.0' }),
  'libs/b/package.json': json({ name: 'b', version: '0.0.0' }),
  'local/one/package.json': json({ name: 'one', version: '1.0.0' }),
  'local/two/package.json': json({ name: 'two', version: '1.0.0' }),
  '.gitignore': 'node_modules\n',
};
/** The ticket makes `a` use one; main meanwhile makes `b` use two: both add an entry at the same place in the lockfile. */
const TICKET = { 'libs/a/package.json': json({ name: 'a', version: '0.0.0', dependencies: { one: 'file:../../local/one' } }) };
const MAIN = { 'libs/b/package.json': json({ name: 'b', version: '0.0.0', dependencies: { two: 'file:../../local/two' } }) };

const MANAGERS: Array<{ name: string; manager: TestPackageManager; lockfile: string; files?: Record<string, string>; write: string[]; frozen: string[]; markers: boolean }> = [
  {
    name: 'yarn 1',
    manager: 'yarn-classic',
    lockfile: 'yarn.lock',
    write: ['yarn', 'install', '--ignore-scripts', '--non-interactive', '--offline'],
    frozen: ['yarn', 'install', '--frozen-lockfile', '--ignore-scripts', '--non-interactive', '--offline'],
    markers: true,
  },
  {
    name: 'bun (bun.lock)',
    manager: 'bun',
    lockfile: 'bun.lock',
    write: ['bun', 'install', '--lockfile-only', '--offline'],
    frozen: ['bun', 'install', '--frozen-lockfile', '--ignore-scripts', '--offline'],
    markers: true,
  },
  {
    name: 'bun (bun.lockb)',
    manager: 'bun',
    lockfile: 'bun.lockb',
    // Bun 1.2+ writes the text lockfile unless told; an existing bun.lockb stays binary.
    files: { 'bunfig.toml': '[install]\nsaveTextLockfile = false\n' },
    write: ['bun', 'install', '--lockfile-only', '--offline'],
    frozen: ['bun', 'install', '--frozen-lockfile', '--ignore-scripts', '--offline'],
    markers: false,
  },
];

/** The lockfile the real package manager writes for `files` (in a temp folder). */
async function lockfileFor(files: Record<string, string>, lockfile: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'nx-tickets-lockfile-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const [program, ...args] = argv;
    await run(program as string, args, { cwd: dir, env });
    return await readFile(join(dir, lockfile));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Names in `dir` and, for links, where they point: to see that nothing in a node_modules changed. */
async function snapshot(dir: string): Promise<string[]> {
  return Promise.all((await readdir(dir)).sort().map(async (name) => `${name} ${(await lstat(join(dir, name))).isSymbolicLink() ? 'link' : 'entry'}`));
}

describe.each(MANAGERS)('resolveLockfileConflicts with $name', (pm) => {
  /** A repository on main (lockfile and main's own node_modules installed), a ticket worktree whose commit conflicts with main only in the lockfile. */
  async function conflicting() {
    const env = await usePackageManager(pm.manager);
    const base = { ...WORKSPACE, ...pm.files };
    const git = await createTestGitRepo({ files: base });
    await ensureWorktreesIgnored(git.root);
    await git.write(pm.lockfile, '');
    await writeFile(join(git.root, pm.lockfile), await lockfileFor(base, pm.lockfile, pm.write, env));
    const start = await git.commit('lockfile');
    const worktree = await createTicketWorktree(git.root, { key: 'PM-1', branch: 'task/PM-1', startPoint: start });
    for (const [path, text] of Object.entries(TICKET)) await writeFile(join(worktree.path, path), text);
    await writeFile(join(worktree.path, pm.lockfile), await lockfileFor({ ...base, ...TICKET }, pm.lockfile, pm.write, env));
    await commitAll(worktree.path, { message: 'PM-1: a uses one' });
    for (const [path, text] of Object.entries(MAIN)) await git.write(path, text);
    await writeFile(join(git.root, pm.lockfile), await lockfileFor({ ...base, ...MAIN }, pm.lockfile, pm.write, env));
    await git.commit('main: b uses two');
    // They really conflict, and only in the lockfile.
    const merge = await run('git', ['merge-tree', '--write-tree', '--name-only', '--no-messages', 'main', 'task/PM-1'], { cwd: git.root }).catch((error: { stdout: string }) => error);
    expect(merge.stdout.trim().split('\n').slice(1)).toEqual([pm.lockfile]);
    // The main checkout's dependencies, installed for real; the worktree links to them.
    const [program, ...args] = pm.frozen;
    await run(program as string, args, { cwd: git.root, env });
    await linkNodeModules(git.root, worktree.path);
    return { env, git, worktree, mainModules: await snapshot(join(git.root, 'node_modules')) };
  }

  test('regenerates the lockfile during a rebase without touching any node_modules', { timeout: 120_000 }, async () => {
    const { env, git, worktree, mainModules } = await conflicting();
    const worktreeModules = await snapshot(join(worktree.path, 'node_modules'));
    expect(await rebaseOnto(worktree.path, { onto: 'main' })).toMatchObject({ ok: true, moved: true });
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    const lockText = await readFile(join(worktree.path, pm.lockfile), 'utf8');
    expect(lockText).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    if (pm.markers) expect([lockText.includes('one'), lockText.includes('two')]).toEqual([true, true]);
    // Both sides' dependencies are locked: a frozen install of the result passes.
    const clone = join(git.root, '..', 'check');
    await git.git(['clone', '-q', '--branch', 'task/PM-1', git.root, clone]);
    const [program, ...args] = pm.frozen;
    await run(program as string, args, { cwd: clone, env });
    expect(await git.git(['-C', clone, 'status', '--porcelain'])).toBe('');
    // No install happened in the worktree, none in the main checkout.
    expect(await snapshot(join(worktree.path, 'node_modules'))).toEqual(worktreeModules);
    expect(await snapshot(join(git.root, 'node_modules'))).toEqual(mainModules);
    expect(existsSync(join(git.root, 'libs/a/node_modules/one'))).toBe(false);
  });

  test('regenerates the lockfile during a merge of the base', { timeout: 120_000 }, async () => {
    const { git, worktree } = await conflicting();
    expect(await mergeInto(worktree.path, { ref: 'main' })).toMatchObject({ ok: true, moved: true });
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    const lockText = await readFile(join(worktree.path, pm.lockfile), 'utf8');
    expect(lockText).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    if (pm.markers) expect([lockText.includes('one'), lockText.includes('two')]).toEqual([true, true]);
  });
});

describe('resolveLockfileConflicts with the wrong yarn', () => {
  test('leaves a yarn 1 lockfile to yarn 1: with yarn 2+ on PATH the rebase is aborted, not rewritten', { timeout: 120_000 }, async () => {
    const classic = await usePackageManager('yarn-classic');
    const git = await createTestGitRepo({ files: WORKSPACE });
    await ensureWorktreesIgnored(git.root);
    const write = ['yarn', 'install', '--ignore-scripts', '--non-interactive', '--offline'];
    await git.write('yarn.lock', (await lockfileFor(WORKSPACE, 'yarn.lock', write, classic)).toString());
    const start = await git.commit('lockfile');
    const worktree = await createTicketWorktree(git.root, { key: 'PM-2', branch: 'task/PM-2', startPoint: start });
    for (const [path, text] of Object.entries(TICKET)) await writeFile(join(worktree.path, path), text);
    await writeFile(join(worktree.path, 'yarn.lock'), await lockfileFor({ ...WORKSPACE, ...TICKET }, 'yarn.lock', write, classic));
    await commitAll(worktree.path, { message: 'PM-2: a uses one' });
    for (const [path, text] of Object.entries(MAIN)) await git.write(path, text);
    await git.write('yarn.lock', (await lockfileFor({ ...WORKSPACE, ...MAIN }, 'yarn.lock', write, classic)).toString());
    await git.commit('main: b uses two');
    const before = (await git.git(['-C', worktree.path, 'rev-parse', 'HEAD'])).trim();

    await usePackageManager('yarn-berry');
    const result = await rebaseOnto(worktree.path, { onto: 'main' });
    expect(result).toMatchObject({ ok: false, conflicts: ['yarn.lock'] });
    expect((result as { reason: string }).reason).toMatch(/^lockfile conflict in yarn.lock not regenerated: yarn.lock is a yarn 1 lockfile but the yarn on PATH here is 4\.\d+\.\d+/);
    expect((await git.git(['-C', worktree.path, 'rev-parse', 'HEAD'])).trim()).toBe(before);
    expect(await git.git(['-C', worktree.path, 'status', '--porcelain'])).toBe('');
    expect(await readFile(join(worktree.path, 'yarn.lock'), 'utf8')).toMatch(/^# yarn lockfile v1$/m);
  });
});
