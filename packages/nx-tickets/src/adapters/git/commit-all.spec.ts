import { existsSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { changedFiles } from './changed-files.js';
import { commitAll } from './commit-all.js';

async function repo(): Promise<TempGitRepo> {
  const created = await createTestGitRepo({ files: { 'README.md': '#\n', 'libs/a/x.ts': 'a\n', 'libs/a/old.ts': 'old\n' } });
  return created;
}
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('commitAll', () => {
  test('commits new, changed and deleted files with the message and trailers', async () => {
    const git = await repo();
    const before = (await git.git(['rev-parse', 'HEAD'])).trim();
    await git.write('libs/a/x.ts', 'changed\n');
    await git.write('libs/b/new file.ts', 'new\n');
    await rm(`${git.root}/libs/a/old.ts`);
    const result = await commitAll(git.root, { message: '#42: Fix login redirect bug', trailers: { Ticket: '#42', 'Nx-Tickets-Run': 'run 1\nsecond line' } });
    expect(result).toEqual({ sha: (await git.git(['rev-parse', 'HEAD'])).trim(), created: true });
    expect(await git.git(['log', '-1', '--format=%B'])).toBe('#42: Fix login redirect bug\n\nTicket: #42\nNx-Tickets-Run: run 1 second line\n\n');
    expect(await git.git(['log', '-1', '--format=%an <%ae> %G?'])).toBe('nx-tickets test <test@nx-tickets.invalid> N\n');
    expect(await changedFiles(git.root, before)).toEqual(['libs/a/old.ts', 'libs/a/x.ts', 'libs/b/new file.ts']);
    expect(await git.git(['status', '--porcelain'])).toBe('');
  });

  test('lists the files changed since a commit with the new head', async () => {
    const git = await repo();
    const before = (await git.git(['rev-parse', 'HEAD'])).trim();
    await git.write('libs/a/x.ts', 'one\n');
    await commitAll(git.root, { message: 'first' });
    await git.write('libs/b/y.ts', 'two\n');
    const result = await commitAll(git.root, { message: 'second', changedSince: before });
    expect(result).toEqual({ sha: (await git.git(['rev-parse', 'HEAD'])).trim(), created: true, files: ['libs/a/x.ts', 'libs/b/y.ts'] });
    expect(await commitAll(git.root, { message: 'nothing', changedSince: before })).toEqual({ ...result, created: false });
  });

  test('returns the current HEAD when there is nothing to commit, twice', async () => {
    const git = await repo();
    await git.write('libs/a/x.ts', 'changed\n');
    const first = await commitAll(git.root, { message: 'PROJ-1: work', trailers: { Ticket: 'PROJ-1' } });
    expect(await commitAll(git.root, { message: 'PROJ-1: work', trailers: { Ticket: 'PROJ-1' } })).toEqual({ sha: first.sha, created: false });
    expect((await git.git(['rev-list', '--count', 'HEAD'])).trim()).toBe('2');
  });

  test('a pre-commit hook that refuses is a failure, not "nothing to commit"', async () => {
    const git = await repo();
    await git.write('.git/hooks/pre-commit', '#!/bin/sh\necho "lint failed" >&2\nexit 1\n');
    await chmod(join(git.root, '.git/hooks/pre-commit'), 0o755);
    await git.write('libs/a/x.ts', 'changed\n');
    await expect(commitAll(git.root, { message: 'PROJ-1: work' })).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED', stderr: expect.stringContaining('lint failed') });
    expect((await git.git(['rev-list', '--count', 'HEAD'])).trim()).toBe('1');
  });

  test('keeps a hostile title as plain message text', async () => {
    const git = await repo();
    const title = '$(touch /tmp/pwned); --upload-pack=evil';
    await rm('/tmp/pwned', { force: true });
    await git.write('libs/a/x.ts', 'changed\n');
    await commitAll(git.root, { message: `PROJ-9: ${title}\n\n-F /etc/passwd\n--amend`, trailers: { Ticket: 'PROJ-9' } });
    expect(await git.git(['log', '-1', '--format=%B'])).toBe(`PROJ-9: ${title}\n\n-F /etc/passwd\n--amend\n\nTicket: PROJ-9\n\n`);
    expect((await git.git(['rev-list', '--count', 'HEAD'])).trim()).toBe('2');
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  test('falls back to nx-tickets as author only when git has none', async () => {
    const git = await repo();
    vi.stubEnv('GIT_CONFIG_GLOBAL', '/dev/null');
    vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
    for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) vi.stubEnv(name, undefined);
    await git.git(['config', '--unset', 'user.name']);
    await git.git(['config', '--unset', 'user.email']);
    await git.write('libs/a/x.ts', 'changed\n');
    await commitAll(git.root, { message: 'PROJ-1: work' });
    expect(await git.git(['log', '-1', '--format=%an <%ae>|%cn <%ce>'])).toBe('nx-tickets <nx-tickets@localhost>|nx-tickets <nx-tickets@localhost>\n');
  });

  test('refuses an empty message and a trailer name that is not a token', async () => {
    const git = await repo();
    await expect(commitAll(git.root, { message: ' \n' })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
    await expect(commitAll(git.root, { message: 'x', trailers: { '--upload-pack': 'evil' } })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
    await expect(commitAll(git.root, { message: 'x', trailers: { 'Ticket: A\nB': 'x' } })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
  });
});

describe('changedFiles', () => {
  test('lists a rename as both paths and treats option-like revisions as revisions', async () => {
    const git = await repo();
    const from = (await git.git(['rev-parse', 'HEAD'])).trim();
    await git.git(['mv', 'libs/a/x.ts', 'libs/a/y.ts']);
    await git.commit('rename');
    expect(await changedFiles(git.root, from)).toEqual(['libs/a/x.ts', 'libs/a/y.ts']);
    expect(await changedFiles(git.root, from, from)).toEqual([]);
    await expect(changedFiles(git.root, '--output=/tmp/pwned-diff')).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED' });
    expect(existsSync('/tmp/pwned-diff')).toBe(false);
  });
});
