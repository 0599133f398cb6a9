import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, testedProject, type RunWorkspace } from './run-workspace.js';

const nodeTest = (name: string, expression: string, expected: string) =>
  `import assert from 'node:assert/strict';\nimport test from 'node:test';\nimport * as lib from './${name}.mjs';\n\ntest('${name}', () => {\n  assert.equal(${expression}, ${expected});\n});\n`;
const AUTHOR = ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.test'];

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [
      // alpha's test fails on main until someone fixes add.mjs there.
      testedProject('alpha', 'libs/alpha', { 'src/add.mjs': 'export const add = (a, b) => a - b;\n', 'src/add.test.mjs': nodeTest('add', 'lib.add(2, 3)', '5') }),
      testedProject('beta', 'libs/beta', { 'src/b.mjs': 'export const b = 1;\n', 'src/b.test.mjs': nodeTest('b', 'lib.b', '1') }),
    ],
    tickets: [
      { key: 'P-1', title: 'Change b', files: ['libs/beta/src/b.mjs'] },
      { key: 'F-1', title: 'Document alpha', files: ['libs/alpha/README.md'] },
    ],
    changes: {
      // Its prepared change does not apply: the implement step fails.
      'P-1': [{ file: 'libs/beta/src/b.mjs', find: 'no such text', replace: 'b = 2' }],
      'F-1': [{ file: 'libs/alpha/README.md', write: '# alpha\n' }],
    },
    verifyTargets: ['test'],
    maxThreads: 1,
  });
});
afterAll(() => ws?.cleanup());

describe('retry after a failed implement step', () => {
  test('the summary says what retry does; retry keeps the hand fix in a git stash entry and the log says how to get it back', async () => {
    const first = await ws.nxTickets(['run', 'P-1']);
    expect(first.exitCode, first.stdout + first.stderr).toBe(1);
    const failed = (await ws.state()).tickets['P-1']!;
    expect(failed.error?.step).toBe('implement');
    const worktree = failed.worktree as string;
    expect(first.stdout).toContain(`\`nx-tickets retry P-1\` runs the implement command again from a clean worktree (${worktree}; uncommitted changes there are kept in git stash, commits under refs/nx-tickets/kept/; the implement log says how to get them back)`);
    expect(first.stdout).toContain('to change the command or the ticket, edit it and start a new `nx-tickets run P-1`');
    expect(first.stdout).not.toContain('fix it (its worktree');

    // The user fixes it by hand in the worktree anyway: a changed file and a new one.
    await writeFile(join(worktree, 'libs/beta/src/b.mjs'), 'export const b = 2;\n');
    await writeFile(join(worktree, 'libs/beta/src/notes.md'), 'why b is 2\n');
    const retry = await ws.nxTickets(['retry', 'P-1']);
    expect(retry.exitCode, retry.stdout + retry.stderr).toBe(1); // the prepared change still does not apply

    expect(await readFile(join(worktree, 'libs/beta/src/b.mjs'), 'utf8')).toBe('export const b = 1;\n');
    expect(existsSync(join(worktree, 'libs/beta/src/notes.md'))).toBe(false);
    expect(await ws.git(['stash', 'list', '--format=%gs'])).toBe(`On ${failed.branch}: nx-tickets: P-1 before implement ran again\n`);
    const log = await readFile((await ws.state()).tickets['P-1']!.error?.logFile as string, 'utf8');
    expect(log).toContain('kept in git stash entry stash@{0}');
    expect(retry.stdout).toMatch(/P-1 +↳ kept the uncommitted changes of its worktree in git stash entry stash@\{0\}/);
    expect(log).toContain('`git stash apply stash@{0}`');
    // Nothing is lost: applied as the log says, the fix is back.
    await ws.git(['stash', 'apply', 'stash@{0}'], worktree);
    expect(await readFile(join(worktree, 'libs/beta/src/b.mjs'), 'utf8')).toBe('export const b = 2;\n');
    expect(await readFile(join(worktree, 'libs/beta/src/notes.md'), 'utf8')).toBe('why b is 2\n');
  });
});

describe('running a failed ticket again after the base was fixed', () => {
  test('its branch, with no commits of its own, starts from the fixed base: verified and merged', async () => {
    const first = await ws.nxTickets(['run', 'F-1']);
    expect(first.exitCode, first.stdout + first.stderr).toBe(1);
    const failed = (await ws.state()).tickets['F-1']!;
    expect(failed.error?.step).toBe('verify');
    const oldMain = (await ws.git(['rev-parse', 'main'])).trim();
    expect((await ws.git(['rev-parse', `refs/heads/${failed.branch}`])).trim()).toBe(oldMain);

    // The cause is on main: fix it there.
    await writeFile(join(ws.root, 'libs/alpha/src/add.mjs'), 'export const add = (a, b) => a + b;\n');
    await ws.git([...AUTHOR, 'commit', '-q', '-am', 'Fix add']);
    const fixed = (await ws.git(['rev-parse', 'main'])).trim();

    const again = await ws.nxTickets(['run', 'F-1']);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    const t = (await ws.state()).tickets['F-1']!;
    expect(t).toMatchObject({ status: 'merged', startPoint: fixed, actualFiles: ['libs/alpha/README.md'], verification: { projects: ['alpha'], skipped: false } });
    expect(await ws.git(['show', 'main:libs/alpha/README.md'])).toBe('# alpha\n');
    expect(await ws.git(['show', 'main:libs/alpha/src/add.mjs'])).toBe('export const add = (a, b) => a + b;\n');
    // The first attempt's uncommitted edit went to the stash, not away.
    expect(await ws.git(['stash', 'list', '--format=%gs'])).toContain(`On ${failed.branch}: nx-tickets: F-1 before implement ran again\n`);
  });
});
