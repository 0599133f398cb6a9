import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestGitRepo, usePackageManager } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { createTicketWorktree, ensureWorktreesIgnored, linkNodeModules } from '../adapters/git/index.js';
import { packageManagerEnv } from '../adapters/package-manager/index.js';
import { installDependencies } from './install-dependencies.js';
import type { TicketTask } from './ticket-task.js';

const execFileAsync = promisify(execFile);
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A ticket task for the worktree, as far as installing needs one. */
function taskFor(root: string, worktree: string, logs: string): TicketTask {
  const log = join(logs, 'verify.log');
  return {
    key: 'PM-1', title: 'Use alpha in beta', root, worktree, workspace: worktree, startPoint: 'HEAD', diffBase: 'HEAD', steps: ['verify'], ticketFile: '',
    implementTimeoutMs: 60_000, verify: { targets: [], cache: 'shared', parallel: 1, timeoutMs: 120_000 }, commit: { message: '', trailers: {} }, logs: { implement: log, verify: log, commit: log },
  };
}

/** Every node_modules entry of the main checkout (its own and libs/beta's), links not followed: to see that none changed. */
async function listTree(root: string): Promise<string[]> {
  const entries: string[] = [];
  for (const dir of ['node_modules', 'libs/beta/node_modules', 'libs/beta/node_modules/keep']) {
    for (const entry of await readdir(join(root, dir), { withFileTypes: true }).catch(() => [])) entries.push(`${dir}/${entry.name}${entry.isSymbolicLink() ? ' ->' : ''}`);
  }
  return entries.sort();
}

/** A workspace of local packages (nothing to download) for each package manager that installs in worktrees. */
const MANAGERS = [
  {
    name: 'pnpm',
    files: { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true }), 'pnpm-workspace.yaml': 'packages:\n  - libs/*\n' },
    lockfile: 'pnpm-lock.yaml',
    lockfileOnly: ['pnpm', 'install', '--lockfile-only', '--ignore-scripts', '--offline'],
    /** Where the manager links beta's dependency on alpha. */
    linked: 'libs/beta/node_modules/alpha',
    recorded: 'specifier: workspace:*',
  },
  {
    name: 'yarn 2+',
    /** Two dev dependencies of this repository call themselves `yarn`: use yarn 2+. */
    command: 'yarn-berry',
    files: { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }), '.yarnrc.yml': 'nodeLinker: node-modules\n' },
    lockfile: 'yarn.lock',
    lockfileOnly: ['yarn', 'install', '--mode=update-lockfile'],
    linked: 'node_modules/alpha',
    recorded: 'alpha: "workspace:*"',
  },
  {
    name: 'yarn 1',
    command: 'yarn-classic',
    files: { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }), 'local/one/package.json': json({ name: 'one', version: '1.0.0' }) },
    lockfile: 'yarn.lock',
    lockfileOnly: ['yarn', 'install', '--ignore-scripts', '--non-interactive', '--offline'],
    // yarn 1 knows no `workspace:` and records no workspace package: a local package shows in the lockfile.
    dependencies: { alpha: '0.0.0', one: 'file:../../local/one' },
    linked: 'node_modules/alpha',
    recorded: '"one@file:local/one":',
  },
  {
    name: 'bun',
    command: 'bun',
    files: { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }) },
    lockfile: 'bun.lock',
    lockfileOnly: ['bun', 'install', '--lockfile-only', '--offline'],
    linked: 'libs/beta/node_modules/alpha',
    recorded: '"alpha": "workspace:*"',
  },
] as const;

describe.each(MANAGERS)('installDependencies with $name', (manager) => {
  test('installs in the worktree, replacing the links and never writing into the main checkout', { timeout: 120_000 }, async () => {
    if ('command' in manager) await usePackageManager(manager.command);
    const git = await createTestGitRepo({
      files: {
        ...manager.files,
        'libs/alpha/package.json': json({ name: 'alpha', version: '0.0.0', main: 'index.js' }),
        'libs/alpha/index.js': 'module.exports = 42;\n',
        'libs/beta/package.json': json({ name: 'beta', version: '0.0.0' }),
      },
    });
    const [program, ...args] = manager.lockfileOnly;
    await execFileAsync(program, args, { cwd: git.root, env: { ...process.env, ...packageManagerEnv() } as NodeJS.ProcessEnv });
    // Only the lockfile is committed, not what the package manager keeps next to it (yarn's .yarn/, yarn 1's node_modules).
    await rm(join(git.root, '.yarn'), { recursive: true, force: true });
    await rm(join(git.root, 'node_modules'), { recursive: true, force: true });
    await git.commit('lockfile');
    await ensureWorktreesIgnored(git.root);
    // The main checkout's dependencies, which the worktree links to.
    await mkdir(join(git.root, 'node_modules', 'tool'), { recursive: true });
    await writeFile(join(git.root, 'node_modules', 'tool', 'package.json'), json({ name: 'tool', version: '1.0.0' }));
    // A workspace package of the main checkout with node_modules of its own: the worktree links to those too.
    await symlink('../libs/beta', join(git.root, 'node_modules', 'beta'));
    await mkdir(join(git.root, 'libs/beta/node_modules/keep'), { recursive: true });
    await writeFile(join(git.root, 'libs/beta/node_modules/keep/package.json'), json({ name: 'keep', version: '1.0.0' }));
    const mainModules = await listTree(git.root);
    const lockfileBefore = await readFile(join(git.root, manager.lockfile), 'utf8');
    const tree = await createTicketWorktree(git.root, { key: 'PM-1', branch: 'feature/PM-1', startPoint: (await git.git(['rev-parse', 'HEAD'])).trim() });
    await linkNodeModules(git.root, tree.path);
    // The worktree, nested in the main checkout, finds the main checkout's tool by walking up.
    const toolFrom = (dir: string) => createRequire(join(dir, 'package.json')).resolve('tool/package.json');
    expect(toolFrom(tree.path)).toBe(join(git.root, 'node_modules', 'tool', 'package.json'));
    // The ticket makes beta depend on alpha.
    expect(existsSync(join(tree.path, 'libs/beta/node_modules/keep/package.json'))).toBe(true);
    const dependencies = 'dependencies' in manager ? manager.dependencies : { alpha: 'workspace:*' };
    await writeFile(join(tree.path, 'libs/beta/package.json'), json({ name: 'beta', version: '0.0.0', dependencies }));

    const failure = await installDependencies(taskFor(git.root, tree.path, join(git.root, '..', 'logs')));
    expect(failure).toBeUndefined();
    // The worktree's own alpha is linked, not the main checkout's.
    expect(await realpath(join(tree.path, manager.linked))).toBe(await realpath(join(tree.path, 'libs/alpha')));
    expect(await readFile(join(tree.path, manager.linked, 'index.js'), 'utf8')).toBe('module.exports = 42;\n');
    expect(await readFile(join(tree.path, manager.lockfile), 'utf8')).toContain(manager.recorded);
    // The main checkout's tool is still found after the install.
    expect(toolFrom(tree.path)).toBe(join(git.root, 'node_modules', 'tool', 'package.json'));
    // Only the ticket's change and the lockfile are left to commit: the install's own folders and files are ignored.
    expect((await git.git(['-C', tree.path, 'status', '--porcelain', '--untracked-files=all'])).split('\n').filter(Boolean).sort()).toEqual([` M libs/beta/package.json`, ` M ${manager.lockfile}`].sort());
    // Nothing of this reached the main checkout.
    expect(existsSync(join(git.root, manager.linked))).toBe(false);
    expect(await listTree(git.root)).toEqual(mainModules);
    expect(await readFile(join(git.root, manager.lockfile), 'utf8')).toBe(lockfileBefore);
  });
});

describe('installDependencies with the wrong yarn', () => {
  test('refuses to install a yarn 1 workspace with yarn 2+ and keeps the links', { timeout: 120_000 }, async () => {
    const git = await createTestGitRepo({
      files: {
        'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }),
        'yarn.lock': '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n',
        'libs/beta/package.json': json({ name: 'beta', version: '0.0.0' }),
      },
    });
    await ensureWorktreesIgnored(git.root);
    await mkdir(join(git.root, 'node_modules', 'tool'), { recursive: true });
    const tree = await createTicketWorktree(git.root, { key: 'PM-2', branch: 'feature/PM-2', startPoint: (await git.git(['rev-parse', 'HEAD'])).trim() });
    await linkNodeModules(git.root, tree.path);
    await writeFile(join(tree.path, 'node_modules', 'marker'), 'kept\n');
    await usePackageManager('yarn-berry');

    const failure = await installDependencies(taskFor(git.root, tree.path, join(git.root, '..', 'logs')));
    expect(failure?.message).toMatch(/^the ticket changed what is installed, but yarn.lock is a yarn 1 lockfile but the yarn on PATH here is 4\.\d+\.\d+ .*put yarn 1 first on PATH/);
    expect(await readFile(join(tree.path, 'node_modules', 'marker'), 'utf8')).toBe('kept\n');
    expect(await readFile(join(tree.path, 'yarn.lock'), 'utf8')).toMatch(/^# yarn lockfile v1$/m);
  });
});
