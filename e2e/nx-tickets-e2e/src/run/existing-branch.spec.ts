import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const FILE = 'libs/alpha/src/retry.ts';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha', files: { 'src/retry.ts': 'export const retries = 1;\n' } }],
    // No files: the plan learns them from the ticket's branch. Its implement step changes nothing:
    // the work is on the branch already.
    tickets: [{ key: 'EB-1', title: 'Retry twice' }],
    changes: { 'EB-1': [] },
  });
  // Someone started the ticket by hand, on a branch of their own naming.
  await ws.git(['checkout', '-q', '-b', 'wip/EB-1-by-hand']);
  await writeFile(join(ws.root, FILE), 'export const retries = 2;\n');
  await ws.git(['-c', 'user.name=Ada', '-c', 'user.email=ada@example.test', 'commit', '-q', '-am', 'EB-1: retry twice']);
  await ws.git(['checkout', '-q', 'main']);
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with a ticket whose local branch already holds the work', () => {
  test('plans from that branch, runs on it instead of making a new one, and merges its work', async () => {
    const plan = await ws.nxTickets(['plan', 'EB-1', '--json']);
    expect(JSON.parse(plan.stdout).tickets[0]).toMatchObject({ branch: 'wip/EB-1-by-hand', localBranch: true, files: [FILE] });

    const result = await ws.nxTickets(['run', 'EB-1']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const t = (await ws.state()).tickets['EB-1']!;
    expect(t).toMatchObject({ status: 'merged', branch: 'wip/EB-1-by-hand', actualFiles: [FILE] });
    expect(await ws.git(['show', `main:${FILE}`])).toBe('export const retries = 2;\n');
    const branches = (await ws.git(['branch', '--list', '--format=%(refname:short)'])).split('\n').filter(Boolean).sort();
    expect(branches).toEqual(['main', 'wip/EB-1-by-hand']);
  });
});
