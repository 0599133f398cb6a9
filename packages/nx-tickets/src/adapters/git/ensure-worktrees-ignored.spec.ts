import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempGitRepo, createTempNxWorkspace, type TempGitRepo } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { createTicketWorktree } from './create-ticket-worktree.js';
import { ensureWorktreesIgnored } from './ensure-worktrees-ignored.js';
import { linkNodeModules } from './link-node-modules.js';

const run = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
const track = <T extends TempGitRepo>(repo: T): T => {
  cleanups.push(repo.cleanup);
  return repo;
};
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** `nx show projects` with the real nx binary of the toolchain; resolves to the sorted names or the error output. */
async function showProjects(cwd: string): Promise<string[] | string> {
  try {
    const { stdout } = await run(join(cwd, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
    return stdout.trim().split('\n').sort();
  } catch (error) {
    return `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
  }
}

describe('ensureWorktreesIgnored', () => {
  test('adds /.nx/tickets/ to info/exclude once and never edits .gitignore', async () => {
    const git = track(await createTempGitRepo({ files: { '.gitignore': 'dist\n' } }));
    const excludeFile = join(git.root, '.git/info/exclude');
    const before = await readFile(excludeFile, 'utf8');
    expect(await ensureWorktreesIgnored(git.root)).toEqual({ excludeFile, added: true });
    expect(await ensureWorktreesIgnored(git.root)).toEqual({ excludeFile, added: false });
    expect(await readFile(excludeFile, 'utf8')).toBe(`${before}# added by nx-tickets\n/.nx/tickets/\n`);
    expect(await readFile(join(git.root, '.gitignore'), 'utf8')).toBe('dist\n');
    await git.write('.nx/tickets/runs/r1/state.json', '{}');
    expect(await git.git(['status', '--porcelain'])).toBe('');
  });

  test('anchors the line at a workspace in a sub-folder and writes the common exclude from a worktree', async () => {
    const git = track(await createTempGitRepo({ files: { 'ws/nx.json': '{}' } }));
    await git.git(['worktree', 'add', '-q', join(git.root, '../linked'), '-b', 'linked']);
    const result = await ensureWorktreesIgnored(join(git.root, '../linked/ws'), 'tmp/[x]');
    expect(result).toEqual({ excludeFile: join(git.root, '.git/info/exclude'), added: true });
    expect((await readFile(result.excludeFile, 'utf8')).trimEnd().split('\n').at(-1)).toBe('/ws/tmp/\\[x\\]/');
  });

  test('refuses a folder outside the workspace', async () => {
    const git = track(await createTempGitRepo());
    for (const dir of ['../x', '/tmp/x', 'a/../../x', '']) {
      await expect(ensureWorktreesIgnored(git.root, dir)).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
    }
  });

  test('keeps a nested ticket worktree from breaking the real Nx project graph', { timeout: 120_000 }, async () => {
    const workspace = track(
      await createTempNxWorkspace({
        projects: [
          { name: 'web', root: 'apps/web', dependsOn: ['auth'] },
          { name: 'auth', root: 'libs/auth', config: 'project-json' },
        ],
        files: { '.gitignore': 'node_modules\ndist\n.nx/cache\n.nx/workspace-data\n' },
      }),
    );
    const worktree = await createTicketWorktree(workspace.root, { key: 'PROJ-1', branch: 'task/PROJ-1', startPoint: 'HEAD' });
    await linkNodeModules(workspace.root, worktree.path);
    const broken = await showProjects(workspace.root);
    expect(broken).toContain('The following projects are defined in multiple locations');
    expect(broken).toContain('.nx/tickets/worktrees/PROJ-1/libs/auth');

    await ensureWorktreesIgnored(workspace.root);
    expect(await showProjects(workspace.root)).toEqual(['auth', 'web']);
    expect(await showProjects(worktree.path)).toEqual(['auth', 'web']);
    expect(await workspace.git(['status', '--porcelain'])).toBe('');
    expect(await readFile(join(workspace.root, '.gitignore'), 'utf8')).toBe('node_modules\ndist\n.nx/cache\n.nx/workspace-data\n');
  });
});
