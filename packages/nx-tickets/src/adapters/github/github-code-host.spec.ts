import type { CodeHost, HostTicket } from '@nx-tickets/core';
import { startGitHubServer, type GitHubServer, type TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { configSchema, type ResolvedConfig } from '../../config/index.js';
import { createCodeHost } from '../create-code-host.js';
import { rebaseOnto } from '../git/index.js';

const TOKEN = 'ghp_testtoken1234567890';
/** Rate-limit waits and write gaps in milliseconds instead of seconds, against the local server. */
const FAST = { GITHUB_TOKEN: TOKEN, NX_TICKETS_GITHUB_RETRY_UNIT_MS: '1', NX_TICKETS_GITHUB_WRITE_INTERVAL_MS: '0' };

async function setUp(host: Record<string, unknown> = {}, settings: Parameters<typeof startGitHubServer>[0]['settings'] = {}) {
  const repo = await createTestGitRepo({ bareOrigin: true, files: { 'README.md': '# app\n', 'src/shared.txt': 'one\ntwo\nthree\n' } });
  const server = await startGitHubServer({ origin: repo.origin as string, token: TOKEN, settings });
  onTestFinished(() => server.close());
  const config = { ...configSchema.parse({ host: { type: 'github', owner: 'acme', repo: 'app', baseUrl: server.url, labels: ['nx-tickets'], ...host } }), baseBranch: 'main' } as ResolvedConfig;
  const warnings: string[] = [];
  const codeHost = await createCodeHost(repo.root, config, { env: FAST, onWarning: (m) => warnings.push(m) });
  return { repo, server, host: codeHost, warnings };
}

async function ticketOn(repo: TempGitRepo, key: string, files: Record<string, string>, extra: Partial<HostTicket> = {}): Promise<HostTicket> {
  const branch = `feat/${key}-work`;
  const head = await repo.branch(branch, files);
  return { key, title: `Work on ${key}`, branch, head, worktree: repo.root, predictedFiles: Object.keys(files), actualFiles: Object.keys(files), ...extra };
}

const base = async (repo: TempGitRepo) => ({ name: 'main', head: (await repo.git(['rev-parse', 'main'])).trim() });
const originHead = async (repo: TempGitRepo, branch: string) => (await repo.git(['ls-remote', 'origin', `refs/heads/${branch}`])).split('\t')[0];

function expectClean(server: GitHubServer): void {
  expect(server.violations).toEqual([]);
  expect(JSON.stringify(server.requests.map((r) => ({ ...r, headers: undefined })))).not.toContain(TOKEN);
}

describe('GitHubCodeHost', () => {
  test('pushes the branch and opens exactly one pull request, also when published again', async () => {
    const { repo, server, host } = await setUp();
    const ticket = await ticketOn(repo, 'APP-1', { 'src/a.txt': 'a\n' }, { owners: ['@alice', '@acme/web', '@nx-tickets-bot'], closes: [7], ticketUrl: 'https://tracker.example/APP-1' });
    const first = await host.publish(ticket, { name: 'main' });
    const again = await host.publish(ticket, { name: 'main' });
    expect(first).toEqual({ pullRequest: { number: 1, url: `${server.url}/acme/app/pull/1` }, opened: true });
    expect(again).toEqual({ pullRequest: first.pullRequest, opened: false });
    expect(await originHead(repo, ticket.branch)).toBe(ticket.head);
    const [pr] = server.pullsFor(ticket.branch);
    expect(server.pullsFor(ticket.branch)).toHaveLength(1);
    expect(pr?.title).toBe('APP-1: Work on APP-1');
    expect(pr?.body).toContain('Closes #7');
    expect(pr?.body).toContain('[APP-1](https://tracker.example/APP-1)');
    expect(pr?.labels).toEqual(['nx-tickets']);
    expect(pr?.reviewers).toEqual(['alice']);
    expectClean(server);
  });

  test('answers a lost create (422 "already exists") by fetching the pull request', async () => {
    const { repo, server, host } = await setUp();
    const ticket = await ticketOn(repo, 'APP-2', { 'src/b.txt': 'b\n' });
    server.inject({ operation: 'pulls/create', kind: 'already-exists' });
    const published = await host.publish(ticket, { name: 'main' });
    expect(published).toMatchObject({ pullRequest: { number: 1 }, opened: false });
    expect(server.state.pulls).toHaveLength(1);
    expectClean(server);
  });

  test('waits out secondary rate limits and 5xx answers, then succeeds once', async () => {
    const { repo, server, host } = await setUp();
    const ticket = await ticketOn(repo, 'APP-3', { 'src/c.txt': 'c\n' });
    server.inject({ operation: 'pulls/create', kind: 'secondary-rate-limit', retryAfter: 2, times: 2 });
    server.inject({ operation: 'pulls/list', kind: 'server-error', status: 502 });
    await host.publish(ticket, { name: 'main' });
    expect(server.state.pulls).toHaveLength(1);
    expect(server.requests.filter((r) => r.operation === 'pulls/create').map((r) => r.status)).toEqual([403, 403, 201]);
    expectClean(server);
  });

  test('merges with the verified head as the guard, and the base follows on origin and locally', async () => {
    const { repo, server, host } = await setUp();
    const ticket = await ticketOn(repo, 'APP-4', { 'src/d.txt': 'd\n' });
    await host.publish(ticket, { name: 'main' });
    const outcome = await host.land(ticket, await base(repo));
    expect(outcome).toMatchObject({ kind: 'merged' });
    const sha = (outcome as { sha: string }).sha;
    expect(await originHead(repo, 'main')).toBe(sha);
    expect((await repo.git(['rev-parse', 'main'])).trim()).toBe(sha);
    expect((await repo.git(['show', `${sha}:src/d.txt`]))).toBe('d\n');
    expect(server.requests.find((r) => r.operation === 'pulls/merge')?.body).toMatchObject({ sha: ticket.head, merge_method: 'merge' });
    expect(await host.findLanded(ticket, await base(repo))).toBe(sha);
    expectClean(server);
  });

  test('classifies refused merges: base moved → retry, head moved → reverify, conflict → set aside', async () => {
    const { repo, server, host } = await setUp();
    const ticket = await ticketOn(repo, 'APP-5', { 'src/shared.txt': 'one\nTWO\nthree\n' });
    await host.publish(ticket, { name: 'main' });
    server.inject({ operation: 'pulls/merge', kind: 'base-modified' });
    expect(await host.land(ticket, await base(repo))).toMatchObject({ kind: 'retry' });
    server.inject({ operation: 'pulls/merge', kind: 'head-modified' });
    expect(await host.land(ticket, await base(repo))).toEqual({ kind: 'reverify', reason: 'the head of #1 moved', head: ticket.head });
    // Someone lands a conflicting change on origin's main meanwhile.
    await repo.write('src/shared.txt', 'one\n2\nthree\n');
    await repo.commit('conflicting change');
    await repo.git(['push', '-q', 'origin', 'main']);
    expect(await host.land(ticket, await base(repo))).toMatchObject({ kind: 'conflict' });
    expect(server.state.pulls[0]?.state).toBe('open');
    expectClean(server);
  });

  test('uses a merge method the repository allows, reading its settings again after a 405', async () => {
    const { repo, server, host } = await setUp({ mergeMethod: 'rebase' }, { allowMergeCommit: false, allowRebaseMerge: false });
    const ticket = await ticketOn(repo, 'APP-6', { 'src/e.txt': 'e\n' });
    await host.publish(ticket, { name: 'main' });
    server.inject({ operation: 'pulls/merge', kind: 'method-not-allowed' });
    const outcome = await host.land(ticket, await base(repo));
    expect(outcome).toMatchObject({ kind: 'merged' });
    expect(server.requests.filter((r) => r.operation === 'pulls/merge').map((r) => (r.body as { merge_method: string }).merge_method)).toEqual(['squash', 'squash']);
    const message = await repo.git(['log', '-1', '--format=%B', 'origin/main']);
    expect(message).toContain('APP-6: Work on APP-6 (#1)');
    expect(message).toContain('Ticket: APP-6');
    expect(server.requests.filter((r) => r.operation === 'repos/get')).toHaveLength(2);
    expectClean(server);
  });

  test('opens 30 pull requests exactly once under a secondary-rate-limit storm', async () => {
    const { repo, server, host } = await setUp();
    const tickets: HostTicket[] = [];
    for (let i = 1; i <= 30; i += 1) tickets.push(await ticketOn(repo, `APP-${100 + i}`, { [`src/t${i}.txt`]: `${i}\n` }));
    server.inject({ operation: '*', kind: 'secondary-rate-limit', retryAfter: 1, times: 60 });
    await Promise.all(tickets.map((t) => host.publish(t, { name: 'main' })));
    expect(server.state.pulls).toHaveLength(30);
    for (const t of tickets) expect(server.pullsFor(t.branch)).toHaveLength(1);
    expect(server.requests.filter((r) => r.status === 403).length).toBe(60);
    expectClean(server);
  }, 120_000);

  test('update-branch API: GitHub merges the new base into the branch, the worktree follows', async () => {
    const { repo, server, host } = await setUp({ updateBranch: 'api' });
    const ticket = await ticketOn(repo, 'APP-8', { 'src/f.txt': 'f\n' });
    const worktree = join(dirname(repo.root), 'wt-app-8');
    await repo.git(['worktree', 'add', '-q', worktree, ticket.branch]);
    await host.publish(ticket, { name: 'main' });
    await repo.write('src/g.txt', 'g\n');
    await repo.commit('main moves on');
    await repo.git(['push', '-q', 'origin', 'main']);
    const updated = await host.updateBranch?.({ ...ticket, worktree }, await base(repo));
    expect(updated).toMatchObject({ ok: true, moved: true });
    const head = (updated as { head: string }).head;
    expect(await originHead(repo, ticket.branch)).toBe(head);
    expect((await repo.git(['-C', worktree, 'rev-parse', 'HEAD'])).trim()).toBe(head);
    expect(await host.land({ ...ticket, worktree, head }, await base(repo))).toMatchObject({ kind: 'merged' });
    expectClean(server);
  });

  test('waits for check runs before merging, and refuses to merge when one fails', async () => {
    const { repo, server, host } = await setUp({ waitChecks: true, checksTimeout: 1 });
    const ticket = await ticketOn(repo, 'APP-9', { 'src/h.txt': 'h\n' });
    await host.publish(ticket, { name: 'main' });
    server.setChecks(ticket.head, [{ name: 'ci', status: 'in_progress' }]);
    setTimeout(() => server.setChecks(ticket.head, [{ name: 'ci', status: 'completed', conclusion: 'success' }]), 300);
    expect(await host.land(ticket, await base(repo))).toMatchObject({ kind: 'merged' });
    const other = await ticketOn(repo, 'APP-10', { 'src/i.txt': 'i\n' });
    await host.publish(other, { name: 'main' });
    server.setChecks(other.head, [{ name: 'lint', status: 'completed', conclusion: 'failure' }]);
    expect(await host.land(other, await base(repo))).toEqual({ kind: 'failed', code: 'NX_TICKETS_GITHUB_CHECKS_FAILED', reason: `checks failed on ${other.head.slice(0, 12)}: lint (failure)` });
    expectClean(server);
  });

  test('opens drafts when configured and marks them ready right before the merge', async () => {
    const { repo, server, host } = await setUp({ draft: true });
    const ticket = await ticketOn(repo, 'APP-11', { 'src/j.txt': 'j\n' });
    await host.publish(ticket, { name: 'main' });
    expect(server.state.pulls[0]?.draft).toBe(true);
    expect(await host.land(ticket, await base(repo))).toMatchObject({ kind: 'merged' });
    expect(server.requests.filter((r) => r.operation === 'graphql').map((r) => r.status)).toEqual([200]);
    expectClean(server);
  });

  test('a ticket stacked on a squash-merged one replays only its own commits (rebase --onto)', async () => {
    const { repo, server, host } = await setUp({ mergeMethod: 'squash' });
    const first = await ticketOn(repo, 'APP-12', { 'src/parser.txt': 'parse\n' });
    const second = await ticketOn(repo, 'APP-13', { 'src/checker.txt': 'check\n' });
    // APP-13 started from APP-12's branch head: rebuild its branch on top of it.
    await repo.git(['branch', '-f', second.branch, first.head]);
    const worktree = join(dirname(repo.root), 'wt-app-13');
    await repo.git(['worktree', 'add', '-q', worktree, second.branch]);
    await writeFile(join(worktree, 'src/checker.txt'), 'check\n');
    await repo.git(['-C', worktree, 'add', '-A']);
    await repo.git(['-C', worktree, 'commit', '-q', '-m', 'APP-13 work']);
    const stacked = { ...second, worktree, head: (await repo.git(['-C', worktree, 'rev-parse', 'HEAD'])).trim() };
    await host.publish(first, { name: 'main' });
    await host.publish(stacked, { name: 'main' });
    expect(await host.land(first, await base(repo))).toMatchObject({ kind: 'merged' });
    const newBase = await host.readBase('main');
    // A plain rebase would replay APP-12's commit onto its own squash; --onto replays only APP-13's.
    const rebased = await rebaseOnto(worktree, { onto: newBase, upstream: first.head });
    expect(rebased).toMatchObject({ ok: true, moved: true });
    const head = (rebased as { head: string }).head;
    expect((await repo.git(['rev-list', '--count', `${newBase}..${head}`])).trim()).toBe('1');
    expect(await host.land({ ...stacked, head }, { name: 'main', head: newBase })).toMatchObject({ kind: 'merged' });
    const tree = await repo.git(['ls-tree', '-r', '--name-only', 'origin/main']);
    expect(tree).toContain('src/parser.txt');
    expect(tree).toContain('src/checker.txt');
    expectClean(server);
  });

  test('never shows the token, even when GitHub refuses it', async () => {
    const { repo, server } = await setUp();
    const config = { ...configSchema.parse({ host: { type: 'github', owner: 'acme', repo: 'app', baseUrl: server.url } }), baseBranch: 'main' } as ResolvedConfig;
    const wrong = 'ghp_wrongtoken0987654321';
    const host: CodeHost = await createCodeHost(repo.root, config, { env: { ...FAST, GITHUB_TOKEN: wrong } });
    const error = await host.publish(await ticketOn(repo, 'APP-7', { 'x.txt': 'x' }), { name: 'main' }).then(
      () => new Error('expected GitHub to refuse the token') as Error & { code?: string; hint?: string },
      (e: unknown) => e as Error & { code?: string; hint?: string },
    );
    expect(error.code).toBe('NX_TICKETS_GITHUB_UNAUTHORIZED');
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain(wrong);
  });
});
