import type { TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { isAncestor, mergeBaseOf, readHead } from './read-head.js';

async function repo(): Promise<TempGitRepo> {
  const created = await createTestGitRepo();
  return created;
}
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readHead', () => {
  test('reads HEAD and full refs, and names a missing ref', async () => {
    const git = await repo();
    const head = (await git.git(['rev-parse', 'HEAD'])).trim();
    expect(await readHead(git.root)).toBe(head);
    expect(await readHead(git.root, 'refs/heads/main')).toBe(head);
    await expect(readHead(git.root, '--output=/tmp/x')).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_REF_NOT_FOUND', message: `"--output=/tmp/x" is not a commit in ${git.root}.` });
  });

  test('reads the repository of its folder even inside a git hook that sets GIT_DIR', async () => {
    const [git, other] = await Promise.all([repo(), repo()]);
    await other.commit('other');
    const head = (await git.git(['rev-parse', 'HEAD'])).trim();
    vi.stubEnv('GIT_DIR', `${other.root}/.git`);
    expect(await readHead(git.root)).toBe(head);
  });
});

describe('isAncestor and mergeBaseOf', () => {
  test('tell fast-forwards apart and find the fork point', async () => {
    const git = await repo();
    const base = (await git.git(['rev-parse', 'HEAD'])).trim();
    const a = await git.branch('a', { 'a.txt': 'a\n' });
    const b = await git.branch('b', { 'b.txt': 'b\n' });
    expect(await Promise.all([isAncestor(git.root, base, a), isAncestor(git.root, a, a), isAncestor(git.root, a, b)])).toEqual([true, true, false]);
    expect(await mergeBaseOf(git.root, a, b)).toBe(base);
    await git.git(['checkout', '-q', '--orphan', 'unrelated']);
    const unrelated = await git.commit('unrelated');
    expect(await mergeBaseOf(git.root, a, unrelated)).toBeUndefined();
    await expect(isAncestor(git.root, '-x', a)).rejects.toMatchObject({ code: 'NX_TICKETS_GIT_FAILED' });
  });
});
