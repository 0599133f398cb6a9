import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGitHubWorkspace, GITHUB_TEST_TOKEN, type GitHubWorkspace } from './github-workspace.js';

let ws: GitHubWorkspace;

beforeAll(async () => {
  ws = await createGitHubWorkspace({
    source: { type: 'github' },
    tickets: [],
    changes: {
      '#1': [{ file: 'libs/beta/src/parser.ts', write: 'export const parse = (text: string) => text.split(" ");\n' }],
      '#2': [{ file: 'libs/beta/src/checker.ts', write: "import { parse } from './parser';\nexport const check = (t: string) => parse(t).length > 0;\n" }],
      // #3 has no prepared change: its implement step fails.
    },
  });
  ws.server.addIssue({ title: 'Add the parser', body: 'Create libs/beta/src/parser.ts', labels: ['project:beta', 'estimate:1h'] });
  ws.server.addIssue({ title: 'Add the checker', body: 'Depends on #1\n\nCreate libs/beta/src/checker.ts' });
  ws.server.addIssue({ title: 'Polish the solo file', body: 'Edit libs/alpha/src/index.ts' });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with GitHub issues as tickets', () => {
  test('plans issues with their dependencies, closes merged ones through their PRs and comments on a failed one', async () => {
    const plan = await ws.run(['plan', '#2', '#1', '#3', '--json']);
    expect(plan.exitCode, plan.stderr).toBe(0);
    const document = JSON.parse(plan.stdout) as { tickets: Array<{ key: string; dependsOn: string[] }> };
    expect(document.tickets.find((t) => t.key === '#2')?.dependsOn).toEqual(['#1']);

    const result = await ws.run(['run', '#1', '#2', '#3']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    const state = await ws.state();
    expect(Object.fromEntries(Object.values(state.tickets).map((t) => [t.key, t.status]))).toEqual({ '#1': 'merged', '#2': 'merged', '#3': 'failed' });

    const [one, two, three] = ws.server.state.issues;
    expect([one?.state, two?.state, three?.state]).toEqual(['closed', 'closed', 'open']);
    expect(ws.server.state.pulls.map((p) => p.title).sort()).toEqual(['#1: Add the parser', '#2: Add the checker']);
    expect(ws.server.state.pulls.find((p) => p.title.startsWith('#2'))?.body).toContain('Closes #2');
    expect(three?.comments).toHaveLength(1);
    expect(three?.comments[0]).toContain('#3 failed at step `implement`');

    expect(ws.server.violations).toEqual([]);
    expect(`${plan.stdout}${plan.stderr}${result.stdout}${result.stderr}${await ws.runFiles()}`).not.toContain(GITHUB_TEST_TOKEN);
  });
});
