import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, testedProject, type RunWorkspace } from './run-workspace.js';

const nodeTest = (name: string) => `import assert from 'node:assert/strict';\nimport test from 'node:test';\nimport * as lib from './${name}.mjs';\n\ntest('${name}', () => {\n  assert.equal(lib.${name}, 2);\n});\n`;

let ws: RunWorkspace;

// A new user's workspace: its .gitignore does not list `.nx`, and verify runs with an isolated cache.
beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [
      testedProject('alpha', 'libs/alpha', { 'src/a.mjs': 'export const a = 1;\n', 'src/a.test.mjs': nodeTest('a') }),
      testedProject('beta', 'libs/beta', { 'src/b.mjs': 'export const b = 1;\n', 'src/b.test.mjs': nodeTest('b') }),
    ],
    tickets: [
      { key: 'ND-1', title: 'Change a', files: ['libs/alpha/src/a.mjs'] },
      { key: 'ND-2', title: 'Change b', files: ['libs/beta/src/b.mjs'] },
    ],
    changes: {
      'ND-1': [{ file: 'libs/alpha/src/a.mjs', find: 'a = 1', replace: 'a = 2' }],
      'ND-2': [{ file: 'libs/beta/src/b.mjs', find: 'b = 1', replace: 'b = 2' }],
    },
    files: { '.gitignore': 'node_modules\ndist\n' },
    verifyTargets: ['test'],
    verifyCache: 'isolated',
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run in a workspace whose .gitignore does not list .nx', () => {
  test('commits only the tickets’ files: Nx’s workspace data and cache stay outside the worktrees', async () => {
    const result = await ws.nxTickets(['run', 'ND-1', 'ND-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const state = await ws.state();
    expect(state.tickets['ND-1']).toMatchObject({ status: 'merged', actualFiles: ['libs/alpha/src/a.mjs'], verification: { projects: ['alpha'], skipped: false } });
    expect(state.tickets['ND-2']).toMatchObject({ status: 'merged', actualFiles: ['libs/beta/src/b.mjs'], verification: { projects: ['beta'], skipped: false } });
    expect(state.relations.filter((r) => r.unplanned)).toEqual([]);
    const changed = (await ws.git(['diff', '--name-only', state.baseStart, 'main'])).trim().split('\n').sort();
    expect(changed).toEqual(['libs/alpha/src/a.mjs', 'libs/beta/src/b.mjs']);
    // One folder per ticket under the main checkout's .nx/tickets, removed with the merged tickets' worktrees.
    for (const key of ['ND-1', 'ND-2']) {
      expect(existsSync(join(ws.root, '.nx/tickets/workspace-data', key)), key).toBe(false);
      expect(existsSync(join(ws.root, '.nx/tickets/cache', key)), key).toBe(false);
    }
  });

  test('nx-tickets clean removes the Nx data of the tickets whose worktrees are gone', async () => {
    // Left behind, as by a run whose end was cut short.
    for (const key of ['ND-1', 'ND-2']) for (const dir of ['workspace-data', 'cache']) await mkdir(join(ws.root, '.nx/tickets', dir, key, 'x'), { recursive: true });
    const result = await ws.nxTickets(['clean']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    for (const key of ['ND-1', 'ND-2']) {
      expect(existsSync(join(ws.root, '.nx/tickets/workspace-data', key)), key).toBe(false);
      expect(existsSync(join(ws.root, '.nx/tickets/cache', key)), key).toBe(false);
    }
  });
});
