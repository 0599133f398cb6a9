import type { CodeHost, HostTicket } from '@nx-tickets/core';
import { startGitHubServer, type GitHubServer, type TempGitRepo } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, onTestFinished, test } from 'vitest';
import { configSchema, type ResolvedConfig } from '../../config/index.js';
import { createCodeHost } from '../create-code-host.js';

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
