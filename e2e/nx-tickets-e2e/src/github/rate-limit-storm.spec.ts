import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGitHubWorkspace, GITHUB_TEST_TOKEN, type GitHubWorkspace } from './github-workspace.js';

const KEYS = Array.from({ length: 30 }, (_, i) => `S-${i + 1}`);
let ws: GitHubWorkspace;

beforeAll(async () => {
  ws = await createGitHubWorkspace({
    tickets: KEYS.map((key, i) => ({ key, title: `Add file ${i + 1}`, files: [`libs/${i % 2 === 0 ? 'alpha' : 'beta'}/src/s${i + 1}.ts`] })),
    changes: Object.fromEntries(KEYS.map((key, i) => [key, [{ file: `libs/${i % 2 === 0 ? 'alpha' : 'beta'}/src/s${i + 1}.ts`, write: `export const s${i + 1} = ${i + 1};\n` }]])),
    maxThreads: 4,
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with host github under a secondary-rate-limit storm', () => {
  test('opens the 30 tickets\' pull requests exactly once and merges them all', async () => {
    // Every third request is refused for a while: 403 "secondary rate limit" with retry-after.
    ws.server.inject({ operation: '*', kind: 'secondary-rate-limit', retryAfter: 2, times: 45 });
    const result = await ws.run(['run', ...KEYS]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(ws.server.requests.filter((r) => r.status === 403)).toHaveLength(45);
    expect(ws.server.state.pulls).toHaveLength(30);
    const state = await ws.state();
    for (const t of Object.values(state.tickets)) {
      expect(t.status, t.key).toBe('merged');
      expect(ws.server.pullsFor(t.branch), t.key).toHaveLength(1);
    }
    expect(ws.server.requests.filter((r) => r.operation === 'pulls/create' && r.status === 201)).toHaveLength(30);
    expect(ws.server.violations).toEqual([]);
    expect(`${result.stdout}${result.stderr}${await ws.runFiles()}`).not.toContain(GITHUB_TEST_TOKEN);
  }, 900_000);
});
