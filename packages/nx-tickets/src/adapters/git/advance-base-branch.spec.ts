import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempGitRepo, type TempGitRepo } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { advanceBaseBranch, readBaseCheckout } from './advance-base-branch.js';

const cleanups: Array<() => Promise<void>> = [];
/** A repository with `main` and a ticket branch one commit ahead of it; resolves to both shas. */
async function setup(): Promise<{ git: TempGitRepo; main: string; ticket: string }> {
  const git = await createTempGitRepo({ files: { 'README.md': '#\n', 'libs/a/x.ts': 'a\n', 'libs/b/y.ts': 'b\n' } });
  cleanups.push(git.cleanup);
  const main = (await git.git(['rev-parse', 'HEAD'])).trim();
  const ticket = await git.branch('task/PROJ-1', { 'libs/a/x.ts': 'ticket\n' });
  return { git, main, ticket };
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const refOf = async (git: TempGitRepo, ref: string): Promise<string> => (await git.git(['rev-parse', ref])).trim();

describe('advanceBaseBranch', () => {
  test('moves a base branch nobody has checked out with a compare-and-swap', async () => {
    const { git, main, ticket } = await setup();
    await git.git(['checkout', '-q', '-b', 'my-work']);
    await git.write('libs/b/y.ts', 'uncommitted\n');
    await git.git(['add', 'libs/b/y.ts']);
    await git.write('scratch.txt', 'untracked\n');
    const status = await git.git(['status', '--porcelain']);
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main })).toEqual({ ok: true });
    expect(await refOf(git, 'refs/heads/main')).toBe(ticket);
    expect((await git.git(['symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/my-work');
    expect(await git.git(['status', '--porcelain'])).toBe(status);
    expect(await git.git(['reflog', '-1', '--format=%gs', 'refs/heads/main'])).toBe('nx-tickets: merge train\n');
  });

  test('fast-forwards the user checkout when main is checked out clean, keeping untracked files', async () => {
    const { git, main, ticket } = await setup();
    await git.write('scratch.txt', 'untracked\n');
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main })).toEqual({ ok: true });
    expect(await refOf(git, 'HEAD')).toBe(ticket);
    expect((await git.git(['symbolic-ref', 'HEAD'])).trim()).toBe('refs/heads/main');
    expect(await readFile(join(git.root, 'libs/a/x.ts'), 'utf8')).toBe('ticket\n');
    expect(await git.git(['status', '--porcelain'])).toBe('?? scratch.txt\n');
  });

  test('leaves a checkout of main with local changes untouched', async () => {
    const { git, main, ticket } = await setup();
    await git.write('libs/b/y.ts', 'my edit\n');
    await git.write('libs/a/x.ts', 'staged edit\n');
    await git.git(['add', 'libs/a/x.ts']);
    const result = await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main });
    expect(result).toEqual({
      ok: false,
      reason: 'checked-out-dirty',
      detail: `main is checked out in ${git.root} with uncommitted changes (libs/a/x.ts, libs/b/y.ts); commit or stash them, then continue with \`nx-tickets resume\``,
    });
    expect(await refOf(git, 'refs/heads/main')).toBe(main);
    expect(await git.git(['status', '--porcelain'])).toBe('M  libs/a/x.ts\n M libs/b/y.ts\n');
    expect(await readFile(join(git.root, 'libs/b/y.ts'), 'utf8')).toBe('my edit\n');
  });

  test('does not overwrite an untracked file in the way', async () => {
    const { git, main } = await setup();
    const ticket = await git.branch('task/PROJ-2', { 'libs/c/new.ts': 'ticket\n' });
    await git.write('libs/c/new.ts', 'mine\n');
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main })).toMatchObject({ ok: false, reason: 'checked-out-dirty' });
    expect(await refOf(git, 'refs/heads/main')).toBe(main);
    expect(await readFile(join(git.root, 'libs/c/new.ts'), 'utf8')).toBe('mine\n');
  });

  test('fast-forwards a linked worktree that has the base checked out', async () => {
    const { git, main, ticket } = await setup();
    await git.git(['checkout', '-q', '--detach']);
    const other = join(git.root, '../base-checkout');
    await git.git(['worktree', 'add', '-q', other, 'main']);
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main })).toEqual({ ok: true });
    expect(await readFile(join(other, 'libs/a/x.ts'), 'utf8')).toBe('ticket\n');
    expect(await git.git(['-C', other, 'status', '--porcelain'])).toBe('');
  });

  test('refuses a commit that does not descend from the base', async () => {
    const { git, main } = await setup();
    await git.write('libs/b/y.ts', 'main moved\n');
    const moved = await git.commit('main moves');
    const sideways = await git.branch('task/PROJ-3', { 'libs/b/y.ts': 'other\n' }, { from: main });
    expect(await advanceBaseBranch(git.root, { base: 'main', to: sideways, expected: moved })).toEqual({
      ok: false,
      reason: 'not-fast-forward',
      detail: `${sideways} does not descend from main (${moved}); rebase it on main first`,
    });
    expect(await refOf(git, 'refs/heads/main')).toBe(moved);
  });

  test('refuses when the base moved since it was read', async () => {
    const { git, main, ticket } = await setup();
    await git.write('libs/b/y.ts', 'main moved\n');
    const moved = await git.commit('main moves');
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main })).toEqual({
      ok: false,
      reason: 'moved',
      detail: `main is at ${moved}, not at ${main}; rebase on the new main first`,
    });
    expect(await advanceBaseBranch(git.root, { base: '--upload-pack=evil', to: ticket, expected: main })).toMatchObject({ ok: false, reason: 'moved' });
  });
});

describe('advanceBaseBranch on the merge train path (descends, checkout read ahead)', () => {
  test('readBaseCheckout says where the base is checked out and whether it is clean', async () => {
    const { git } = await setup();
    expect(await readBaseCheckout(git.root, 'main')).toEqual({ checkout: git.root, clean: true });
    await git.write('libs/b/y.ts', 'my edit\n');
    expect(await readBaseCheckout(git.root, 'main')).toEqual({ checkout: git.root, clean: false });
    await git.git(['checkout', '-q', '-b', 'my-work']);
    expect(await readBaseCheckout(git.root, 'main')).toEqual({ clean: true });
  });

  test('moves the base at once, in the checkout or by compare-and-swap', async () => {
    const { git, main, ticket } = await setup();
    const prepared = await readBaseCheckout(git.root, 'main');
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main, descends: true, prepared })).toEqual({ ok: true });
    expect(await refOf(git, 'HEAD')).toBe(ticket);
    expect(await readFile(join(git.root, 'libs/a/x.ts'), 'utf8')).toBe('ticket\n');
    await git.git(['checkout', '-q', '-b', 'my-work']);
    const next = await git.branch('task/PROJ-2', { 'libs/b/y.ts': 'two\n' }, { from: 'main' });
    expect(await advanceBaseBranch(git.root, { base: 'main', to: next, expected: ticket, descends: true, prepared: await readBaseCheckout(git.root, 'main') })).toEqual({ ok: true });
    expect(await refOf(git, 'refs/heads/main')).toBe(next);
  });

  test('a base that moved since, or a checkout that got local changes since, is still refused with the reason', async () => {
    const { git, main, ticket } = await setup();
    const prepared = await readBaseCheckout(git.root, 'main');
    // The user edits the file the ticket changes after the train read the checkout.
    await git.write('libs/a/x.ts', 'my edit\n');
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main, descends: true, prepared })).toMatchObject({ ok: false, reason: 'checked-out-dirty' });
    expect(await refOf(git, 'refs/heads/main')).toBe(main);
    expect(await readFile(join(git.root, 'libs/a/x.ts'), 'utf8')).toBe('my edit\n');
    // Nobody has main checked out, and it moved on since it was expected.
    await git.git(['checkout', '-q', '--', 'libs/a/x.ts']);
    await git.git(['checkout', '-q', '-b', 'my-work']);
    const moved = await git.branch('hotfix', { 'README.md': 'hotfix\n' }, { from: 'main' });
    await git.git(['update-ref', 'refs/heads/main', moved]);
    expect(await advanceBaseBranch(git.root, { base: 'main', to: ticket, expected: main, descends: true, prepared: { clean: true } })).toMatchObject({ ok: false, reason: 'moved' });
    expect(await refOf(git, 'refs/heads/main')).toBe(moved);
  });
});
