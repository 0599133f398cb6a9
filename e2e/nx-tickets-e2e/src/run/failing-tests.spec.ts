import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, testedProject, type RunWorkspace } from './run-workspace.js';

const nodeTest = (name: string, expression: string, expected: string) =>
  `import assert from 'node:assert/strict';\nimport test from 'node:test';\nimport * as lib from './${name}.mjs';\n\ntest('${name}', () => {\n  assert.equal(${expression}, ${expected});\n});\n`;

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [
      testedProject('alpha', 'libs/alpha', { 'src/add.mjs': 'export const add = (a, b) => a + b;\n', 'src/add.test.mjs': nodeTest('add', 'lib.add(2, 3)', '5') }),
      testedProject('beta', 'libs/beta', { 'src/greet.mjs': "export const greet = (name) => 'hello ' + name;\n", 'src/greet.test.mjs': nodeTest('greet', "lib.greet('ada')", "'hello ada'") }),
    ],
    tickets: [
      { key: 'FT-1', title: 'Rewrite the adder', files: ['libs/alpha/src/add.mjs'] },
      { key: 'FT-2', title: 'Document the adder', files: ['libs/alpha/README.md'], dependsOn: ['FT-1'] },
      { key: 'FT-3', title: 'Greet politely', files: ['libs/beta/src/greet.mjs', 'libs/beta/src/greet.test.mjs'] },
      { key: 'FT-4', title: 'Add a multiplier', files: ['libs/alpha/src/mul.mjs', 'libs/alpha/src/mul.test.mjs'] },
    ],
    changes: {
      // Breaks alpha's test: `nx affected -t test` fails in FT-1's worktree.
      'FT-1': [{ file: 'libs/alpha/src/add.mjs', find: 'a + b', replace: 'a - b' }],
      'FT-2': [{ file: 'libs/alpha/README.md', write: '# alpha\n\n`add(a, b)` adds two numbers.\n' }],
      'FT-3': [
        { file: 'libs/beta/src/greet.mjs', find: "'hello '", replace: "'hello, '" },
        { file: 'libs/beta/src/greet.test.mjs', find: "'hello ada'", replace: "'hello, ada'" },
      ],
      // Same project as the failing ticket, in its own worktree: alpha's tests pass there.
      'FT-4': [
        { file: 'libs/alpha/src/mul.mjs', write: 'export const mul = (a, b) => a * b;\n' },
        { file: 'libs/alpha/src/mul.test.mjs', write: nodeTest('mul', 'lib.mul(2, 3)', '6') },
      ],
    },
    verifyTargets: ['test'],
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with a ticket whose tests fail', () => {
  test('fails that ticket with its log, blocks its dependent, merges the others and exits 1', async () => {
    const result = await ws.nxTickets(['run', 'FT-1', 'FT-2', 'FT-3', 'FT-4']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);

    const state = await ws.state();
    const failed = state.tickets['FT-1']!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ step: 'verify', message: expect.stringContaining('nx affected -t test') });
    expect(failed.verification?.projects).toEqual(['alpha']);
    const log = failed.error?.logFile as string;
    expect(existsSync(log)).toBe(true);
    expect(await readFile(log, 'utf8')).toMatch(/alpha:test|nx run alpha:test/);
    expect(result.stdout).toContain(log);

    expect(state.tickets['FT-2']).toMatchObject({ status: 'blocked', error: { message: expect.stringContaining('FT-1') } });
    expect(state.tickets['FT-2']?.worktree).toBeUndefined();

    expect(state.tickets['FT-3']).toMatchObject({ status: 'merged', verification: { projects: ['beta'], skipped: false } });
    expect(state.tickets['FT-4']).toMatchObject({ status: 'merged', verification: { projects: ['alpha'], skipped: false } });
    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n').sort();
    expect(subjects).toEqual(['FT-3: Greet politely', 'FT-4: Add a multiplier']);
  });

  test('keeps the failed ticket’s branch and worktree with its work', async () => {
    const failed = (await ws.state()).tickets['FT-1']!;
    expect((await ws.git(['rev-parse', '--verify', `refs/heads/${failed.branch}`])).trim()).toBe(failed.startPoint);
    const worktree = failed.worktree as string;
    expect(await ws.git(['worktree', 'list', '--porcelain'])).toContain(`worktree ${worktree}\n`);
    expect(await ws.git(['symbolic-ref', '--short', 'HEAD'], worktree)).toBe(`${failed.branch}\n`);
    expect(await readFile(join(worktree, 'libs/alpha/src/add.mjs'), 'utf8')).toBe('export const add = (a, b) => a - b;\n');
    expect(await ws.git(['show', 'main:libs/alpha/src/add.mjs'])).toBe('export const add = (a, b) => a + b;\n');
  });

  test('removed the merged tickets’ worktrees at the end of the run and kept their branches', async () => {
    const state = await ws.state();
    const worktrees = await ws.git(['worktree', 'list', '--porcelain']);
    for (const key of ['FT-3', 'FT-4']) {
      const t = state.tickets[key]!;
      expect(t.worktreeRemoved).toBe(true);
      expect(existsSync(t.worktree as string)).toBe(false);
      expect(worktrees).not.toContain(`worktree ${t.worktree}\n`);
      expect((await ws.git(['rev-parse', `refs/heads/${t.branch}`])).trim()).toBe(t.mergedSha);
    }
  });

  test('nx-tickets clean keeps the failed ticket’s worktree, and with --all still keeps its uncommitted work; --branches deletes merged branches', async () => {
    const failed = (await ws.state()).tickets['FT-1']!;
    const plain = await ws.nxTickets(['clean']);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('kept         worktree .nx/tickets/worktrees/FT-1 (FT-1): failed: kept to fix and `nx-tickets retry FT-1`; --all removes it (the branch stays)');
    expect(existsSync(failed.worktree as string)).toBe(true);

    const dry = await ws.nxTickets(['clean', '--all', '--branches', '--dry-run', '--json']);
    const planned = JSON.parse(dry.stdout) as { dryRun: boolean; actions: Array<{ ticket: string; kind: string; outcome: string }> };
    expect(planned.dryRun).toBe(true);
    // The dry run says what the real one does: FT-1's worktree holds uncommitted work, so it is kept.
    expect(planned.actions.map((a) => `${a.outcome} ${a.kind} ${a.ticket}`).sort()).toEqual(['kept worktree FT-1', 'removed branch FT-3', 'removed branch FT-4']);
    expect((await ws.git(['branch', '--list', '--format=%(refname:short)'])).split('\n').filter(Boolean)).toHaveLength(4);

    // FT-1 failed verification before its commit: its work exists only in the worktree, which is kept.
    const all = await ws.nxTickets(['clean', '--all', '--branches']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stdout).toContain('kept         worktree .nx/tickets/worktrees/FT-1 (FT-1): uncommitted changes in libs/alpha/src/add.mjs');
    expect(all.stdout).toContain('2 removed, 1 kept');
    expect(await readFile(join(failed.worktree as string, 'libs/alpha/src/add.mjs'), 'utf8')).toBe('export const add = (a, b) => a - b;\n');
    const branches = (await ws.git(['branch', '--list', '--format=%(refname:short)'])).split('\n').filter(Boolean).sort();
    expect(branches).toEqual([failed.branch, 'main'].sort());
    expect((await ws.git(['log', '--format=%s', 'main'])).split('\n')).toEqual(expect.arrayContaining(['FT-3: Greet politely', 'FT-4: Add a multiplier']));
  });
});
