import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIVE } from './five-tickets.js';
import { createGitHubWorkspace, GITHUB_TEST_TOKEN, type GitHubWorkspace } from './github-workspace.js';

let ws: GitHubWorkspace;

beforeAll(async () => {
  ws = await createGitHubWorkspace({ ...FIVE, host: { mergeMethod: 'squash' }, settings: { allowMergeCommit: false, allowRebaseMerge: false } });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with host github', () => {
  test('opens one pull request per ticket and merges all five through the API, in the order of the merge train', async () => {
    // Answers GitHub gives now and then: each needs a decision or a wait, never a crash.
    ws.server.inject({ operation: 'pulls/create', kind: 'secondary-rate-limit', retryAfter: 1, times: 2 });
    ws.server.inject({ operation: 'pulls/create', kind: 'already-exists' });
    ws.server.inject({ operation: 'pulls/get', kind: 'server-error', status: 502 });
    ws.server.inject({ operation: 'pulls/merge', kind: 'base-modified' });
    ws.server.inject({ operation: 'pulls/merge', kind: 'head-modified' });

    const result = await ws.run(['run', 'G-1', 'G-2', 'G-3', 'G-4', 'G-5']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const state = await ws.state();
    expect(Object.values(state.tickets).map((t) => t.status)).toEqual(['merged', 'merged', 'merged', 'merged', 'merged']);

    // Exactly one pull request per ticket, every one merged, numbers recorded in the state.
    expect(ws.server.state.pulls).toHaveLength(5);
    for (const t of Object.values(state.tickets)) {
      const pulls = ws.server.pullsFor(t.branch);
      expect(pulls, t.key).toHaveLength(1);
      expect(pulls[0]).toMatchObject({ merged: true, title: `${t.key}: ${t.title}`, labels: ['nx-tickets'] });
      expect((t as { prNumber?: number }).prNumber).toBe(pulls[0]?.number);
    }
    const events = await ws.events();
    expect(events.filter((e) => e.type === 'ticket:pr').map((e) => e.ticket).sort()).toEqual(['G-1', 'G-2', 'G-3', 'G-4', 'G-5']);

    // Merged in the train's order; G-1 before G-2 (one file) and G-3 before G-4 (stacked).
    const merged = events.filter((e) => e.type === 'ticket:merged').map((e) => e.ticket as string);
    expect(merged.indexOf('G-1')).toBeLessThan(merged.indexOf('G-2'));
    expect(merged.indexOf('G-3')).toBeLessThan(merged.indexOf('G-4'));
    const mergeCalls = ws.server.requests.filter((r) => r.operation === 'pulls/merge' && r.status === 200);
    expect(mergeCalls.map((r) => Number(/pulls\/(\d+)\/merge/.exec(r.path)?.[1]))).toEqual(merged.map((key) => (state.tickets[key] as { prNumber?: number }).prNumber));
    expect(events.some((e) => e.type === 'merge:retry')).toBe(true);

    // origin's main is the tickets applied one after another; the local main followed it.
    const originMain = (await ws.git(['ls-remote', 'origin', 'refs/heads/main'])).split('\t')[0];
    expect((await ws.git(['rev-parse', 'main'])).trim()).toBe(originMain);
    expect(await ws.git(['ls-tree', '-r', originMain as string])).toBe(await ws.sequentialTree(state.baseStart, merged));
    // Squash merges keep the ticket's trailer, so the ticket counts as done on main.
    expect(await ws.git(['log', '--format=%B', `${state.baseStart}..main`])).toContain('Ticket: G-4');

    expect(ws.server.violations).toEqual([]);
    const everything = `${result.stdout}${result.stderr}${await ws.runFiles()}`;
    expect(everything).not.toContain(GITHUB_TEST_TOKEN);
  });
});
