import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cloneForCi, type CiClone } from '../ci/ci-clones.js';
import { FIVE } from './five-tickets.js';
import { createGitHubWorkspace, GITHUB_TEST_TOKEN, type GitHubWorkspace } from './github-workspace.js';

const KEYS = FIVE.tickets.map((t) => t.key);
const ENV = { GITHUB_TOKEN: GITHUB_TEST_TOKEN, NX_TICKETS_GITHUB_RETRY_UNIT_MS: '5', NX_TICKETS_GITHUB_WRITE_INTERVAL_MS: '0' };

let ws: GitHubWorkspace;
let scratch: string;
let origin: string;

beforeAll(async () => {
  ws = await createGitHubWorkspace({ ...FIVE, host: { mergeMethod: 'squash' }, settings: { allowMergeCommit: false, allowRebaseMerge: false } });
  origin = (await ws.git(['remote', 'get-url', 'origin'])).trim();
  scratch = await mkdtemp(join(tmpdir(), 'nx-tickets-ci-github-'));
});
afterAll(async () => {
  await ws?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('CI shards with host github', () => {
  test('shards push branches and open pull requests without merging; the merge job merges each pull request once', async () => {
    const baseStart = (await ws.git(['rev-parse', 'main'])).trim();
    const planned = await ws.run(['plan', ...KEYS, '--format', 'github-matrix', '--shards', '3']);
    expect(planned.exitCode, planned.stderr).toBe(0);
    const matrix = JSON.parse(planned.stdout) as { include: Array<{ shard: number; total: number; keys: string[] }> };
    expect(matrix.include).toHaveLength(3);

    const clones = await Promise.all(matrix.include.map((e) => cloneForCi(origin, scratch, `shard-${e.shard}`, ENV)));
    const results = await Promise.all(matrix.include.map((e, i) => (clones[i] as CiClone).nxTickets(['run', ...KEYS, '--shard', `${e.shard}/${e.total}`])));
    for (const result of results) expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(ws.server.state.pulls).toHaveLength(5);
    expect(ws.server.state.pulls.every((pr) => !pr.merged)).toBe(true);
    expect((await ws.git(['ls-remote', 'origin', 'refs/heads/main'])).split('\t')[0]).toBe(baseStart);

    const merger = await cloneForCi(origin, scratch, 'merge', ENV);
    const merged = await merger.nxTickets(['merge', ...KEYS]);
    expect(merged.exitCode, merged.stdout + merged.stderr).toBe(0);
    expect(ws.server.state.pulls).toHaveLength(5);
    expect(ws.server.state.pulls.every((pr) => pr.merged)).toBe(true);
    const order = ws.server.requests.filter((r) => r.operation === 'pulls/merge' && r.status === 200).map((r) => Number(/pulls\/(\d+)\/merge/.exec(r.path)?.[1]));
    expect(order).toHaveLength(5);
    const keyOf = (n: number) => ws.server.state.pulls.find((pr) => pr.number === n)?.title.split(':')[0] as string;
    const keys = order.map(keyOf);
    expect(keys.indexOf('G-1')).toBeLessThan(keys.indexOf('G-2'));
    expect(keys.indexOf('G-3')).toBeLessThan(keys.indexOf('G-4'));
    const originMain = (await ws.git(['ls-remote', 'origin', 'refs/heads/main'])).split('\t')[0] as string;
    await ws.git(['fetch', '-q', 'origin', 'main']);
    expect(await ws.git(['ls-tree', '-r', originMain])).toBe(await ws.sequentialTree(baseStart, keys));

    const again = await cloneForCi(origin, scratch, 'merge-again', ENV);
    const second = await again.nxTickets(['merge', ...KEYS]);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(ws.server.requests.filter((r) => r.operation === 'pulls/merge' && r.status === 200)).toHaveLength(5);

    expect(ws.server.violations).toEqual([]);
    for (const r of [...results, merged, second]) expect(r.stdout + r.stderr).not.toContain(GITHUB_TEST_TOKEN);
  });
});
