import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createNodes, createNodesV2, type NxTicketsPluginOptions } from './plugin.js';

let root: string;
const run = (options?: NxTicketsPluginOptions) => {
  const context: CreateNodesContext = { workspaceRoot: root, nxJsonConfiguration: {} };
  return createNodesV2[1](['nx.json'], options, context);
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nx-tickets-plugin-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('createNodesV2', () => {
  test('infers run-tickets on the root project from nx.json', async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: '@acme/source' }));
    const [[file, result]] = (await run()) as [[string, { projects: Record<string, unknown> }]];
    expect(createNodesV2[0]).toBe('nx.json');
    expect(file).toBe('nx.json');
    expect(result.projects).toEqual({
      '.': {
        targets: {
          'run-tickets': {
            executor: 'nx-tickets:run-tickets',
            options: {},
            cache: false,
            parallelism: false,
            metadata: expect.objectContaining({
              description: expect.stringContaining('--dry-run'),
              help: expect.objectContaining({ command: 'npx nx-tickets plan --help' }),
            }),
          },
        },
      },
    });
  });

  test('names the target after options.targetName', async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'ws' }));
    const [[, result]] = (await run({ targetName: 'tickets', source: { type: 'local' } })) as [[string, { projects: Record<string, { targets: object }> }]];
    expect(Object.keys(result.projects['.']?.targets ?? {})).toEqual(['tickets']);
  });

  test('names the root project only when no package.json or project.json names it', async () => {
    const [[, result]] = (await run()) as [[string, { projects: Record<string, { name?: string }> }]];
    expect(result.projects['.']?.name).toBe(basename(root));
  });

  test('returns a fresh copy from its memo, so Nx may change the result', async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'ws' }));
    const first = (await run()) as [[string, { projects: Record<string, { targets: Record<string, unknown> }> }]];
    delete first[0][1].projects['.']?.targets['run-tickets'];
    const [[, second]] = (await run()) as [[string, { projects: Record<string, { targets: Record<string, unknown> }> }]];
    expect(Object.keys(second.projects['.']?.targets ?? {})).toEqual(['run-tickets']);
  });

  test('reports a bad targetName with the option path', async () => {
    const error = (await Promise.resolve(run({ targetName: 'run tickets' })).catch((e: unknown) => e)) as { errors: Array<[string, Error]> };
    expect(error.errors[0]?.[1].message).toContain('nx.json plugins[nx-tickets].options.targetName must be a target name');
  });

  test('exports the same tuple as createNodes for Nx 24', () => {
    expect(createNodes).toBe(createNodesV2);
  });
});
