import { join } from 'node:path';
import type { HostTicket } from '@nx-tickets/core';
import { runGit } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { readRemoteBranch } from './remote-branch.js';
import { RemoteGitCodeHost } from './remote-git-code-host.js';

const hostTicket = (key: string, branch: string, head: string, worktree: string): HostTicket => ({ key, title: key, branch, head, worktree, predictedFiles: [], actualFiles: [] });

describe('RemoteGitCodeHost', () => {
  test('pushes a ticket branch once and lands it by pushing the base to the remote, then follows it locally', async () => {
    const repo = await createTestGitRepo({ bareOrigin: true });
    const base = (await repo.git(['rev-parse', 'main'])).trim();
    await repo.git(['checkout', '-q', '-b', 'feature/A-1-x']);
    await repo.write('a.txt', 'a\n');
    const { sha } = await commitAll(repo.root, { message: 'A-1: x', trailers: { Ticket: 'A-1' } });
    await repo.git(['checkout', '-q', 'main']);
    const host = new RemoteGitCodeHost(repo.root, 'origin');
    const ticket = hostTicket('A-1', 'feature/A-1-x', sha, repo.root);
    expect(await host.publish(ticket)).toEqual({});
    expect(await readRemoteBranch(repo.root, 'origin', 'feature/A-1-x')).toBe(sha);
    expect(await host.publish(ticket)).toEqual({});
    expect(await host.findLanded(ticket, { name: 'main', head: base })).toBeUndefined();
    expect(await host.land(ticket, { name: 'main', head: base })).toEqual({ kind: 'merged', sha });
    expect(await readRemoteBranch(repo.root, 'origin', 'main')).toBe(sha);
    expect((await repo.git(['rev-parse', 'main'])).trim()).toBe(sha);
    expect(await host.findLanded(ticket, { name: 'main', head: sha })).toBe(sha);
  });

  test('asks to try again, never overwriting, when the remote base moved since the rebase', async () => {
    const repo = await createTestGitRepo({ bareOrigin: true });
    const base = (await repo.git(['rev-parse', 'main'])).trim();
    const other = join(repo.root, '..', 'other');
    await runGit(join(repo.root, '..'), ['clone', '-q', repo.origin as string, other]);
    await runGit(other, ['-c', 'user.name=o', '-c', 'user.email=o@o.invalid', 'commit', '-q', '--allow-empty', '-m', 'someone else']);
    await runGit(other, ['push', '-q', 'origin', 'main']);
    const moved = (await runGit(other, ['rev-parse', 'main'])).trim();
    await repo.git(['checkout', '-q', '-b', 'feature/A-1-x']);
    await repo.write('a.txt', 'a\n');
    const { sha } = await commitAll(repo.root, { message: 'A-1: x', trailers: { Ticket: 'A-1' } });
    const host = new RemoteGitCodeHost(repo.root, 'origin');
    expect(await host.land(hostTicket('A-1', 'feature/A-1-x', sha, repo.root), { name: 'main', head: base })).toMatchObject({ kind: 'retry', reason: expect.stringContaining('origin/main moved meanwhile') });
    expect(await readRemoteBranch(repo.root, 'origin', 'main')).toBe(moved);
    expect(await host.readBase('main')).toBe(moved);
  });
});
