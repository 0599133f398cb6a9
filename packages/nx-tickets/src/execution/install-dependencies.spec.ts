import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { createTicketWorktree, ensureWorktreesIgnored, linkNodeModules } from '../adapters/git/index.js';
import { installDependencies } from './install-dependencies.js';
import type { TicketTask } from './ticket-task.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A ticket task for the worktree, as far as installing needs one. */
function taskFor(root: string, worktree: string, logs: string): TicketTask {
  const log = join(logs, 'verify.log');
  return {
    key: 'PNPM-1', title: 'Use alpha in beta', root, worktree, workspace: worktree, startPoint: 'HEAD', diffBase: 'HEAD', steps: ['verify'], ticketFile: '',
    implementTimeoutMs: 60_000, verify: { targets: [], cache: 'shared', parallel: 1, timeoutMs: 120_000 }, commit: { message: '', trailers: {} }, logs: { implement: log, verify: log, commit: log },
  };
}

describe('installDependencies', () => {
  test('installs with pnpm in a pnpm workspace, replacing the links and never writing into the main checkout', { timeout: 120_000 }, async () => {
    const git = await createTestGitRepo({
      files: {
        'package.json': json({ name: '@temp/source', version: '0.0.0', private: true }),
        'pnpm-workspace.yaml': 'packages:\n  - libs/*\n',
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .: {}\n\n  libs/alpha: {}\n\n  libs/beta: {}\n",
        'libs/alpha/package.json': json({ name: 'alpha', version: '0.0.0', main: 'index.js' }),
        'libs/alpha/index.js': 'module.exports = 42;\n',
        'libs/beta/package.json': json({ name: 'beta', version: '0.0.0' }),
      },
    });
    await ensureWorktreesIgnored(git.root);
    // The main checkout's dependencies, which the worktree links to.
    await mkdir(join(git.root, 'node_modules', 'tool'), { recursive: true });
    await writeFile(join(git.root, 'node_modules', 'tool', 'package.json'), json({ name: 'tool', version: '1.0.0' }));
    const tree = await createTicketWorktree(git.root, { key: 'PNPM-1', branch: 'feature/PNPM-1', startPoint: (await git.git(['rev-parse', 'HEAD'])).trim() });
    await linkNodeModules(git.root, tree.path);
    expect((await lstat(join(tree.path, 'node_modules', 'tool'))).isSymbolicLink()).toBe(true);
    // The ticket makes beta depend on alpha.
    await writeFile(join(tree.path, 'libs/beta/package.json'), json({ name: 'beta', version: '0.0.0', dependencies: { alpha: 'workspace:*' } }));

    const failure = await installDependencies(taskFor(git.root, tree.path, join(git.root, '..', 'logs')));
    expect(failure).toBeUndefined();
    expect(await readFile(join(tree.path, 'libs/beta/node_modules/alpha/index.js'), 'utf8')).toBe('module.exports = 42;\n');
    // pnpm linked the worktree's own alpha, not the main checkout's.
    expect(await realpath(join(tree.path, 'libs/beta/node_modules/alpha'))).toBe(await realpath(join(tree.path, 'libs/alpha')));
    // The main checkout's tool is linked back in after the install.
    expect((await lstat(join(tree.path, 'node_modules', 'tool'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(tree.path, 'pnpm-lock.yaml'), 'utf8')).toContain('specifier: workspace:*');
    // Nothing of this reached the main checkout.
    expect(existsSync(join(git.root, 'node_modules', '.modules.yaml'))).toBe(false);
    expect(existsSync(join(git.root, 'libs/beta/node_modules'))).toBe(false);
    expect(await readFile(join(git.root, 'pnpm-lock.yaml'), 'utf8')).not.toContain('specifier');
  });
});
