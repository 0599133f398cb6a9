import { afterEach, describe, expect, test } from 'vitest';
import type { RecordedRequest } from '@nx-tickets/testing';
import { FIVE } from './five-tickets.js';
import { createGitHubWorkspace, GITHUB_TEST_TOKEN, waitFor, type GitHubWorkspace } from './github-workspace.js';

const workspaces: GitHubWorkspace[] = [];
afterEach(async () => {
  await Promise.all(workspaces.splice(0).map((ws) => ws.cleanup()));
});

const KEYS = FIVE.tickets.map((t) => t.key);

/**
 * Kill -9 the runner inside the window that matters: GitHub did the work (opened the pull request,
 * merged it) and the runner never saw the answer, so its state does not know. `resume` must find
 * what GitHub has instead of doing it again.
 */
async function killWhen(ws: GitHubWorkspace, matches: (r: RecordedRequest) => boolean): Promise<void> {
  const runner = ws.start(['run', ...KEYS, '--json']);
  let killed = false;
  ws.server.beforeAnswer((r) => {
    if (killed || !matches(r)) return;
    killed = true;
    process.kill(runner.child.pid as number, 'SIGKILL');
    return new Promise((resolve) => setTimeout(resolve, 200)); // the answer goes to a dead process
  });
  const end = await runner.done;
  ws.server.beforeAnswer(undefined);
  expect(killed, end.stdout + end.stderr).toBe(true);
  expect(end.exitCode).not.toBe(0);
}

async function resumeAndCheck(ws: GitHubWorkspace): Promise<void> {
  const resumed = await ws.run(['resume', '--json']);
  expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
  const state = await ws.state();
  expect(Object.values(state.tickets).map((t) => t.status)).toEqual(KEYS.map(() => 'merged'));
  // One pull request per ticket, each merged exactly once.
  expect(ws.server.state.pulls).toHaveLength(5);
  for (const t of Object.values(state.tickets)) expect(ws.server.pullsFor(t.branch), t.key).toHaveLength(1);
  const merges = ws.server.requests.filter((r) => r.operation === 'pulls/merge' && r.status === 200).map((r) => r.path);
  expect(new Set(merges).size).toBe(5);
  expect(merges).toHaveLength(5);
  const merged = (await ws.events()).filter((e) => e.type === 'ticket:merged').map((e) => e.ticket as string);
  const originMain = (await ws.git(['ls-remote', 'origin', 'refs/heads/main'])).split('\t')[0] as string;
  expect(await ws.git(['ls-tree', '-r', originMain])).toBe(await ws.sequentialTree(state.baseStart, merged));
  expect(ws.server.violations).toEqual([]);
  expect(`${resumed.stdout}${resumed.stderr}${await ws.runFiles()}`).not.toContain(GITHUB_TEST_TOKEN);
}

describe('kill -9 and resume with host github', () => {
  test('a pull request opened just before the kill is found, not opened again', async () => {
    const ws = await createGitHubWorkspace({ ...FIVE, settings: { allowMergeCommit: false, allowRebaseMerge: false }, host: { mergeMethod: 'squash' } });
    workspaces.push(ws);
    await killWhen(ws, (r) => r.operation === 'pulls/create' && r.status === 201 && ws.server.state.pulls.length >= 2);
    const before = await ws.state();
    expect(Object.values(before.tickets).filter((t) => (t as { prNumber?: number }).prNumber !== undefined).length).toBeLessThan(ws.server.state.pulls.length);
    await resumeAndCheck(ws);
  });

  test('a pull request merged just before the kill is recorded as merged, not merged again', async () => {
    const ws = await createGitHubWorkspace({ ...FIVE, settings: { allowMergeCommit: false, allowRebaseMerge: false }, host: { mergeMethod: 'squash' } });
    workspaces.push(ws);
    await killWhen(ws, (r) => r.operation === 'pulls/merge' && r.status === 200);
    const before = await ws.state();
    expect(Object.values(before.tickets).filter((t) => t.status === 'merged')).toHaveLength(0);
    expect(ws.server.state.pulls.filter((p) => p.merged)).toHaveLength(1);
    await resumeAndCheck(ws);
  });
});
