import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { createTicketWorktree, ensureWorktreesIgnored } from '../adapters/git/index.js';
import { runTicketSteps } from './run-ticket-steps.js';
import type { TicketTask } from './ticket-task.js';

async function failedAtImplement() {
  const git = await createTestGitRepo({ files: { '.gitignore': '/ignored/\n', 'libs/a/x.ts': 'a\n' } });
  await ensureWorktreesIgnored(git.root);
  const tree = await createTicketWorktree(git.root, { key: 'P-1', branch: 'task/P-1', startPoint: 'HEAD' });
  const logs = { implement: join(git.root, '.nx/tickets/runs/r1/logs/P-1/implement.log'), verify: join(git.root, 'verify.log'), commit: join(git.root, 'commit.log') };
  const task: TicketTask = {
    key: 'P-1', title: 'fix', root: git.root, worktree: tree.path, workspace: tree.workspaceRoot, startPoint: tree.head, diffBase: tree.head,
    steps: ['implement'], ticketFile: join(git.root, 'ticket.json'), implementCommand: [process.execPath, '-e', 'process.exit(0)'], implementTimeoutMs: 60_000,
    verify: { targets: [], cache: 'shared', parallel: 1, timeoutMs: 60_000 }, commit: { message: 'P-1: fix', trailers: {} }, logs,
  };
  return { git, tree, task };
}

describe('runTicketSteps: implement running again', () => {
  test('keeps a hand fix — changed and untracked files, not ignored ones — in a git stash entry and says in the log how to get it back', async () => {
    const { git, tree, task } = await failedAtImplement();
    // The user's fix after the failed implement step, plus a build output git ignores.
    await writeFile(join(tree.path, 'libs/a/x.ts'), 'fixed by hand\n');
    await writeFile(join(tree.path, 'libs/a/new.ts'), 'new file\n');
    await git.write('.nx/tickets/worktrees/P-1/ignored/out.js', 'build output\n');
    const events: unknown[] = [];
    const result = await runTicketSteps(task, (event) => events.push(event));
    expect(result.failure).toBeUndefined();
    // Said on screen too, not only in the log.
    expect(events).toContainEqual(expect.objectContaining({ type: 'kept', what: expect.stringMatching(/^kept the uncommitted changes of its worktree in git stash entry stash@\{0\} \([0-9a-f]{10}\); the implement log says how to get them back$/) }));
    // The implement command ran from a clean worktree…
    expect(await readFile(join(tree.path, 'libs/a/x.ts'), 'utf8')).toBe('a\n');
    expect(existsSync(join(tree.path, 'libs/a/new.ts'))).toBe(false);
    expect(await readFile(join(tree.path, 'ignored/out.js'), 'utf8')).toBe('build output\n');
    // …and nothing is lost: one stash entry holds both files.
    const list = await git.git(['stash', 'list', '--format=%gd %gs']);
    expect(list).toBe('stash@{0} On task/P-1: nx-tickets: P-1 before implement ran again\n');
    expect(await git.git(['show', 'stash@{0}:libs/a/x.ts'])).toBe('fixed by hand\n');
    expect(await git.git(['show', 'stash@{0}^3:libs/a/new.ts'])).toBe('new file\n');
    const sha = (await git.git(['rev-parse', 'stash@{0}'])).trim();
    const log = await readFile(task.logs.implement, 'utf8');
    expect(log).toContain(`kept in git stash entry stash@{0} (${sha}, "On task/P-1: nx-tickets: P-1 before implement ran again")`);
    expect(log).toContain('`git stash list`');
    expect(log).toContain('`git stash apply stash@{0}`');
    // Getting it back works as the log says.
    await git.git(['-C', tree.path, 'stash', 'apply', 'stash@{0}']);
    expect(await readFile(join(tree.path, 'libs/a/x.ts'), 'utf8')).toBe('fixed by hand\n');
    expect(await readFile(join(tree.path, 'libs/a/new.ts'), 'utf8')).toBe('new file\n');
  });

  test('a clean worktree makes no stash entry and no log line', async () => {
    const { git, task } = await failedAtImplement();
    expect((await runTicketSteps(task, () => undefined)).failure).toBeUndefined();
    expect(await git.git(['stash', 'list'])).toBe('');
    expect(await readFile(task.logs.implement, 'utf8')).not.toContain('stash');
  });

  test('keeps commits made by hand in the worktree under a ref of their own, and says in the log how to get them back', async () => {
    const { git, tree, task } = await failedAtImplement();
    await writeFile(join(tree.path, 'libs/a/x.ts'), 'committed by hand\n');
    await git.git(['-C', tree.path, 'commit', '-qam', 'my fix']);
    const handHead = (await git.git(['-C', tree.path, 'rev-parse', 'HEAD'])).trim();
    expect((await runTicketSteps(task, () => undefined)).failure).toBeUndefined();
    // The implement command ran from the start point…
    expect((await git.git(['-C', tree.path, 'rev-parse', 'HEAD'])).trim()).toBe(task.startPoint);
    expect(await readFile(join(tree.path, 'libs/a/x.ts'), 'utf8')).toBe('a\n');
    // …and the commit is kept where the log says.
    const log = await readFile(task.logs.implement, 'utf8');
    const ref = /commits? made in .* (?:was|were) kept under (refs\/nx-tickets\/kept\/P-1\/\d+) \(([0-9a-f]{40})\)/.exec(log);
    expect(ref, log).not.toBeNull();
    expect(ref![2]).toBe(handHead);
    expect((await git.git(['rev-parse', ref![1] as string])).trim()).toBe(handHead);
    expect(log).toContain(`git cherry-pick ${task.startPoint.slice(0, 10)}..${ref![1]}`);
    expect(await git.git(['for-each-ref', '--format=%(refname)', 'refs/nx-tickets/kept/'])).toBe(`${ref![1]}\n`);
  });

  test('a worktree still at its start point keeps no ref', async () => {
    const { git, task } = await failedAtImplement();
    expect((await runTicketSteps(task, () => undefined)).failure).toBeUndefined();
    expect(await git.git(['for-each-ref', 'refs/nx-tickets/kept/'])).toBe('');
  });
});
