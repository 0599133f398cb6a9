import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { beforeEach, describe, expect, test } from 'vitest';
import { initGenerator } from './generator.js';

const frontMatter = (text: string): Record<string, unknown> => parse(/^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '') as Record<string, unknown>;

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
});

describe('initGenerator', () => {
  test('registers the plugin with a local ticket source', async () => {
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-tickets', options: { source: { type: 'local', dir: 'tickets' } } }]);
  });

  test('creates an example ticket with valid front matter', async () => {
    await initGenerator(tree, { skipFormat: true });
    const text = tree.read('tickets/EXAMPLE-1.md', 'utf-8') ?? '';
    expect(frontMatter(text)).toEqual({
      key: 'EXAMPLE-1',
      title: 'Replace this example with a real ticket',
      type: 'chore',
      status: 'ready',
      priority: 'medium',
      points: 1,
      estimate: '1h',
      dependsOn: [],
      files: [],
      projects: [],
    });
    expect(text).toContain('nx run-tickets -- EXAMPLE-1 --dry-run');
  });

  test('derives the example key from --prefix and uses --dir', async () => {
    await initGenerator(tree, { prefix: 'PROJ', dir: './docs/tickets/', skipFormat: true });
    expect(tree.exists('docs/tickets/PROJ-1.md')).toBe(true);
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-tickets', options: { source: { type: 'local', dir: 'docs/tickets' } } }]);
  });

  test('is idempotent and keeps an existing registration and ticket', async () => {
    const nxJson = readNxJson(tree) ?? {};
    updateNxJson(tree, { ...nxJson, plugins: ['@nx/js/typescript', { plugin: 'nx-tickets', options: { targetName: 'tickets' } }] });
    tree.write('tickets/EXAMPLE-1.md', 'mine');
    await initGenerator(tree, { skipFormat: true });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js/typescript', { plugin: 'nx-tickets', options: { targetName: 'tickets' } }]);
    expect(tree.read('tickets/EXAMPLE-1.md', 'utf-8')).toBe('mine');
  });

  test('does not bring back the example ticket once the folder has tickets', async () => {
    await initGenerator(tree, { skipFormat: true });
    tree.delete('tickets/EXAMPLE-1.md');
    tree.write('tickets/PROJ-7.md', '---\nkey: PROJ-7\n---\n');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.exists('tickets/EXAMPLE-1.md')).toBe(false);
  });

  test('refuses a folder outside the workspace and a malformed prefix', async () => {
    await expect(initGenerator(tree, { dir: '../tickets' })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
    await expect(initGenerator(tree, { prefix: 'proj' })).rejects.toThrow('--prefix "proj" is not a ticket key prefix.');
  });
});
