import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, testedProject, waitUntil, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;
let marker: string;

const USES_HELPER = `import assert from 'node:assert/strict';
import test from 'node:test';
import { helper } from '../../alpha/src/index.mjs';

test('beta uses alpha\\'s helper', () => {
  assert.equal(helper(2), 4);
});
`;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [
      testedProject('alpha', 'libs/alpha', { 'src/index.mjs': 'export const helper = (n) => n * 2;\n', 'src/index.test.mjs': "import test from 'node:test';\ntest('alpha', () => {});\n" }),
      testedProject('beta', 'libs/beta', { 'src/index.mjs': 'export const beta = 1;\n' }),
    ],
    tickets: [{ key: 'OC-1', title: 'Use the helper in beta', files: ['libs/beta/src/use.test.mjs'] }],
    // The implement step sleeps 3 s (the first time), long enough for a person to commit to main meanwhile.
    changes: (scratch) => ({ 'OC-1': [{ sleepSeconds: 3, marker: (marker = join(scratch, 'oc-1-sleeping')) }, { file: 'libs/beta/src/use.test.mjs', write: USES_HELPER }] }),
    verifyTargets: ['test'],
  });
});
afterAll(() => ws?.cleanup());

describe('a commit to the base branch from outside the run, while a ticket is built', () => {
  test('the ticket is verified again on top of it before it lands, and kept off main when that breaks it', async () => {
    const run = ws.startNxTickets(['run', 'OC-1']);
    await waitUntil(() => existsSync(marker), run);
    // A person removes the helper on main while OC-1 is implemented.
    await writeFile(join(ws.root, 'libs/alpha/src/index.mjs'), 'export const unrelated = true;\n');
    await ws.git(['-c', 'user.name=dev', '-c', 'user.email=dev@example.invalid', 'commit', '-qam', 'remove the unused helper']);
    const mainBefore = (await ws.git(['rev-parse', 'main'])).trim();

    const result = await run.done;
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect((await ws.git(['rev-parse', 'main'])).trim(), 'main moved to a commit never verified').toBe(mainBefore);
    const state = await ws.state();
    expect(state.tickets['OC-1']).toMatchObject({ status: 'failed', error: { step: 'verify', message: expect.stringContaining(`after rebasing onto main`) } });
    expect((await ws.events()).filter((e) => e.type === 'step:start' && e['reverify'] === true).map((e) => e.ticket)).toEqual(['OC-1']);
  });

  test('after a fix in the worktree, retry measures the ticket\'s own files from the base it was rebased onto', async () => {
    const before = (await ws.state()).tickets['OC-1']!;
    await writeFile(join(before.worktree as string, 'libs/beta/src/use.test.mjs'), USES_HELPER.replace("{ helper }", '{ unrelated }').replace("assert.equal(helper(2), 4);", 'assert.equal(unrelated, true);'));
    const retry = await ws.nxTickets(['retry', 'OC-1']);
    expect(retry.exitCode, retry.stdout + retry.stderr).toBe(0);
    const after = (await ws.state()).tickets['OC-1']!;
    expect(after.status).toBe('merged');
    // Not the person's libs/alpha/src/index.mjs, which the rebase brought in.
    expect(after.actualFiles).toEqual(['libs/beta/src/use.test.mjs']);
    expect(await ws.git(['show', 'main:libs/alpha/src/index.mjs'])).toBe('export const unrelated = true;\n');
  });
});
