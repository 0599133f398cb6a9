import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createTempGitRepo } from './temp-git-repo.js';
import { createTempNxWorkspace } from './temp-nx-workspace.js';

const run = promisify(execFile);

describe('createTempGitRepo', () => {
  test('creates a repository on main with an initial commit and branches without switching', async () => {
    const repo = await createTempGitRepo({ files: { 'a.txt': 'a\n' }, bareOrigin: true });
    try {
      await repo.branch('--upload-pack=x', { 'b.txt': 'b\n' });
      expect((await repo.git(['symbolic-ref', '--short', 'HEAD'])).trim()).toBe('main');
      expect((await repo.git(['log', '--format=%s'])).trim()).toBe('initial commit');
      expect((await repo.git(['for-each-ref', '--format=%(refname)'])).trim().split('\n')).toEqual([
        'refs/heads/--upload-pack=x',
        'refs/heads/main',
        'refs/remotes/origin/main',
      ]);
      expect(await repo.git(['status', '--porcelain'])).toBe('');
    } finally {
      await repo.cleanup();
    }
  });
});

describe('createTempNxWorkspace', () => {
  test('lays out a workspace that the real nx binary reads, dependencies included', async () => {
    const workspace = await createTempNxWorkspace({
      projects: [
        { name: 'web', root: 'apps/web', dependsOn: ['auth'] },
        { name: 'web-e2e', root: 'apps/web-e2e', implicitDependencies: ['web'] },
        { name: 'auth', root: 'libs/auth', config: 'project-json', implicitDependencies: ['util'] },
        { name: 'util', root: 'libs/util' },
      ],
    });
    try {
      const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
      const nx = join(workspace.root, 'node_modules', '.bin', 'nx');
      const { stdout } = await run(nx, ['show', 'projects'], { cwd: workspace.root, env });
      expect(stdout.trim().split('\n').sort()).toEqual(['auth', 'util', 'web', 'web-e2e']);
      await run(nx, ['graph', '--file=graph.json'], { cwd: workspace.root, env });
      const { graph } = JSON.parse(await readFile(join(workspace.root, 'graph.json'), 'utf8')) as {
        graph: { dependencies: Record<string, Array<{ target: string; type: string }>> };
      };
      const edges = Object.entries(graph.dependencies).flatMap(([source, deps]) => deps.map((d) => `${source} -> ${d.target} (${d.type})`));
      expect(edges.sort()).toEqual(['auth -> util (implicit)', 'web -> auth (static)', 'web-e2e -> web (implicit)']);
      expect(await workspace.git(['status', '--porcelain'])).toBe('?? graph.json\n');
    } finally {
      await workspace.cleanup();
    }
  });
});
