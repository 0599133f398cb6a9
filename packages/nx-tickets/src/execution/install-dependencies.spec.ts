import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
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
    files: { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }), '.yarnrc.yml': 'nodeLinker: node-modules\n' },
    lockfile: 'yarn.lock',
    lockfileOnly: ['yarn', 'install', '--mode=update-lockfile'],
    linked: 'node_modules/alpha',
    recorded: 'alpha: "workspace:*"',
  },
] as const;

describe.each(MANAGERS)('installDependencies with $name', (manager) => {
  test('installs in the worktree, replacing the links and never writing into the main checkout', { timeout: 120_000 }, async () => {
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
    // Only the lockfile is committed, not what the package manager keeps next to it (yarn's .yarn/).
    await rm(join(git.root, '.yarn'), { recursive: true, force: true });
    await git.commit('lockfile');
    await ensureWorktreesIgnored(git.root);
    // The main checkout's dependencies, which the worktree links to.
    await mkdir(join(git.root, 'node_modules', 'tool'), { recursive: true });
    await writeFile(join(git.root, 'node_modules', 'tool', 'package.json'), json({ name: 'tool', version: '1.0.0' }));
    const lockfileBefore = await readFile(join(git.root, manager.lockfile), 'utf8');
    const tree = await createTicketWorktree(git.root, { key: 'PM-1', branch: 'feature/PM-1', startPoint: (await git.git(['rev-parse', 'HEAD'])).trim() });
    await linkNodeModules(git.root, tree.path);
    // The worktree, nested in the main checkout, finds the main checkout's tool by walking up.
    const toolFrom = (dir: string) => createRequire(join(dir, 'package.json')).resolve('tool/package.json');
    expect(toolFrom(tree.path)).toBe(join(git.root, 'node_modules', 'tool', 'package.json'));
    // The ticket makes beta depend on alpha.
    await writeFile(join(tree.path, 'libs/beta/package.json'), json({ name: 'beta', version: '0.0.0', dependencies: { alpha: 'workspace:*' } }));

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
    expect(await readFile(join(git.root, manager.lockfile), 'utf8')).toBe(lockfileBefore);
  });
});
