import { createTempNxWorkspace, type TempGitRepo } from '@nx-tickets/testing';
import type { ProjectGraph } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readProjectGraph } from './read-project-graph.js';

// Tests must not leave an Nx daemon behind in the temp workspaces.
process.env['NX_DAEMON'] = 'false';
process.env['NX_NO_CLOUD'] = 'true';

let workspace: TempGitRepo;

beforeAll(async () => {
  workspace = await createTempNxWorkspace({
    projects: [
      { name: 'web', root: 'apps/web', dependsOn: ['auth', 'avatar'] },
      { name: 'web-e2e', root: 'apps/web-e2e', implicitDependencies: ['web'] },
      { name: 'auth', root: 'libs/auth', config: 'project-json', implicitDependencies: ['util'] },
      { name: 'avatar', root: 'libs/avatar', files: { 'src/index.ts': "import { name } from 'util';\nexport const avatar = name;\n" }, dependsOn: ['util'] },
      { name: 'util', root: 'libs/util' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await workspace?.cleanup();
});

describe('readProjectGraph', () => {
  test('reads projects and dependencies, implicit ones included, from a real Nx workspace', async () => {
    const graph = await readProjectGraph(workspace.root);
    expect(graph).toEqual({
      projects: [
        { name: 'auth', root: 'libs/auth' },
        { name: 'avatar', root: 'libs/avatar' },
        { name: 'util', root: 'libs/util' },
        { name: 'web', root: 'apps/web' },
        { name: 'web-e2e', root: 'apps/web-e2e' },
      ],
      dependencies: { auth: ['util'], avatar: ['util'], web: ['auth', 'avatar'], 'web-e2e': ['web'] },
      warnings: [],
    });
  });

  test('uses a given graph as is and drops external npm nodes', async () => {
    const given = {
      nodes: {
        a: { name: 'a', type: 'lib', data: { root: 'libs/a/' } },
        b: { name: 'b', type: 'app', data: { root: './apps/b' } },
      },
      externalNodes: { 'npm:react': { name: 'npm:react', type: 'npm', data: { version: '19.0.0', packageName: 'react' } } },
      dependencies: {
        a: [{ source: 'a', target: 'npm:react', type: 'static' }],
        b: [{ source: 'b', target: 'a', type: 'implicit' }, { source: 'b', target: 'npm:react', type: 'static' }],
      },
    } as unknown as ProjectGraph;
    expect(await readProjectGraph('/nonexistent', given)).toEqual({
      projects: [{ name: 'a', root: 'libs/a' }, { name: 'b', root: 'apps/b' }],
      dependencies: { b: ['a'] },
      warnings: [],
    });
  });

  test('returns no projects and says why when the graph cannot be computed', async () => {
    const broken = await createTempNxWorkspace({
      projects: [{ name: 'auth', root: 'libs/auth', config: 'project-json' }],
      files: { 'libs/auth/project.json': '{ "name": "auth", \n' },
    });
    try {
      const graph = await readProjectGraph(broken.root);
      expect({ ...graph, warnings: [] }).toEqual({ projects: [], dependencies: {}, warnings: [] });
      expect(graph.warnings).toMatchInlineSnapshot(`
        [
          "project graph unavailable: An error occurred while processing files for the nx/core/project-json plugin; PropertyNameExpected in libs/auth/project.json at 2:1; planning uses files only",
        ]
      `);
    } finally {
      await broken.cleanup();
    }
  });

  test('says that Nx is missing when the workspace has no @nx/devkit', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = await mkdtemp(join(tmpdir(), 'nx-tickets-nonx-'));
    try {
      await writeFile(join(root, 'package.json'), '{}');
      expect((await readProjectGraph(root)).warnings).toEqual([
        'project graph unavailable: @nx/devkit is not installed in the workspace (install nx and @nx/devkit); planning uses files only',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
