import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_ENV } from '../run-command.js';
import { createRunWorkspace, testedProject, type RunWorkspace, type TicketStateFile } from './run-workspace.js';

const execFileAsync = promisify(execFile);
const CONFIG = 'libs/gamma/src/config.mjs';
const CONFIG_TEXT = "export const mode = 'default';\n\n// a line between the settings\n\nexport const level = 1;\n";
const CONFIG_TEST = [
  "import assert from 'node:assert/strict';",
  "import test from 'node:test';",
  "import { level, mode } from './config.mjs';",
  '',
  "test('config is sane', () => {",
  "  assert.ok(['default', 'fast', 'safe', 'fast and safe'].includes(mode));",
  '  assert.ok(level < 10);',
  '});',
  '',
].join('\n');

/**
 * Follow a set-aside ticket's `error.resolve` as a person would, in a shell: `cd` to the worktree and
 * start the printed rebase (it stops on the conflict), write the resolution, `git add` it and
 * `git rebase --continue`. Returns the last line (the `nx-tickets retry KEY` to run next).
 */
async function resolveByHand(ticket: TicketStateFile, file: string, resolved: string): Promise<string> {
  const [cd, rebase, , retry] = ticket.error?.resolve ?? [];
  expect(cd).toBe(`cd ${ticket.worktree}`);
  expect(rebase).toMatch(/^git rebase --onto main /);
  const env = { ...TEST_ENV, GIT_EDITOR: 'true', GIT_CONFIG_NOSYSTEM: '1' };
  const started = await execFileAsync('bash', ['-c', `${cd} && ${rebase}`], { env }).then(() => 0, (error: { code?: number }) => error.code ?? 1);
  expect(started).not.toBe(0); // stops on the conflict
  const worktree = ticket.worktree as string;
  expect(await readFile(join(worktree, file), 'utf8')).toContain('<<<<<<<');
  await writeFile(join(worktree, file), resolved);
  await execFileAsync('bash', ['-c', `${cd} && git add ${file} && git -c user.name=dev -c user.email=dev@example.invalid rebase --continue`], { env });
  return retry as string;
}

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [
      { name: 'alpha', root: 'libs/alpha' },
      { name: 'beta', root: 'libs/beta' },
      testedProject('gamma', 'libs/gamma', { 'src/config.mjs': CONFIG_TEXT, 'src/config.test.mjs': CONFIG_TEST }),
    ],
    tickets: [
      // The plan sees two independent tickets; both implement steps change the same line of config.mjs.
      { key: 'RC-1', title: 'Fast mode', files: ['libs/alpha/src/fast.ts'] },
      { key: 'RC-2', title: 'Safe mode', files: ['libs/beta/src/safe.ts'] },
      { key: 'RC-3', title: 'Level two', files: ['libs/alpha/src/two.ts'] },
      { key: 'RC-4', title: 'Level three', files: ['libs/beta/src/three.ts'] },
      { key: 'RC-5', title: 'First note', files: ['libs/alpha/src/note.ts'] },
      { key: 'RC-6', title: 'Second note', files: ['libs/beta/src/note.ts'] },
    ],
    changes: {
      'RC-1': [
        { file: 'libs/alpha/src/fast.ts', write: 'export const fast = true;\n' },
        { file: CONFIG, find: "mode = 'default'", replace: "mode = 'fast'" },
      ],
      'RC-2': [
        { file: 'libs/beta/src/safe.ts', write: 'export const safe = true;\n' },
        { file: CONFIG, find: "mode = 'default'", replace: "mode = 'safe'" },
      ],
      'RC-3': [
        { file: 'libs/alpha/src/two.ts', write: 'export const two = 2;\n' },
        { file: CONFIG, find: 'level = 1', replace: 'level = 2' },
      ],
      'RC-4': [
        { file: 'libs/beta/src/three.ts', write: 'export const three = 3;\n' },
        { file: CONFIG, find: 'level = 1', replace: 'level = 3' },
      ],
      'RC-5': [
        { file: 'libs/alpha/src/note.ts', write: 'export const note = 1;\n' },
        { file: CONFIG, find: '// a line between the settings', replace: '// the first note' },
      ],
      'RC-6': [
        { file: 'libs/beta/src/note.ts', write: 'export const note = 2;\n' },
        { file: CONFIG, find: '// a line between the settings', replace: '// the second note' },
      ],
    },
    verifyTargets: ['test'],
  });
});
afterAll(() => ws?.cleanup());

/** The two tickets of a run: the one merged and the one set aside. */
async function outcome(keys: [string, string]): Promise<{ merged: TicketStateFile; aside: TicketStateFile }> {
  const state = await ws.state();
  const [a, b] = keys.map((key) => state.tickets[key]!);
  const merged = a!.status === 'merged' ? a! : b!;
  const aside = merged === a ? b! : a!;
  return { merged, aside };
}

describe('nx-tickets run with a rebase conflict the plan did not foresee', () => {
  test('sets the later ticket aside with the commands to resolve it, keeps its branch and worktree, and merges the other', async () => {
    const result = await ws.nxTickets(['run', 'RC-1', 'RC-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);

    const { merged, aside } = await outcome(['RC-1', 'RC-2']);
    expect(merged.status).toBe('merged');
    expect(aside.status).toBe('conflict');
    expect(aside.error).toMatchObject({ step: 'merge', message: expect.stringContaining(CONFIG) });
    expect(aside.error?.resolve).toEqual([
      `cd ${aside.worktree}`,
      expect.stringMatching(/^git rebase --onto main /),
      expect.any(String),
      `nx-tickets retry ${aside.key}`,
    ]);
    expect((await ws.events()).filter((e) => e.type === 'ticket:conflict')).toEqual([expect.objectContaining({ ticket: aside.key, files: [CONFIG] })]);
    for (const line of aside.error?.resolve ?? []) expect(result.stdout).toContain(line);

    // Branch and worktree kept as they were: the failed rebase was undone.
    expect((await ws.git(['rev-parse', `refs/heads/${aside.branch}`])).trim()).toBe(aside.head);
    expect(existsSync(aside.worktree as string)).toBe(true);
    expect(await ws.git(['status', '--porcelain'], aside.worktree)).toBe('');
    expect((await ws.git(['rev-parse', 'main'])).trim()).toBe(merged.mergedSha);
  });

  test('clean --all removes the set-aside worktree; a retry checks the branch out again and sets it aside again', async () => {
    const { aside } = await outcome(['RC-1', 'RC-2']);
    const clean = await ws.nxTickets(['clean', '--all']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(existsSync(aside.worktree as string)).toBe(false);

    const retry = await ws.nxTickets(['retry', aside.key]);
    expect(retry.exitCode, retry.stdout + retry.stderr).toBe(1);
    const after = (await ws.state()).tickets[aside.key]!;
    expect(after).toMatchObject({ status: 'conflict', head: aside.head, worktree: aside.worktree, error: { step: 'merge', message: expect.stringContaining(CONFIG) } });
    expect(after.worktreeRemoved).toBeUndefined();
    expect((await ws.events()).filter((e) => e.type === 'ticket:recovered' && e.ticket === aside.key)).toEqual([
      expect.objectContaining({ actions: [expect.stringMatching(/^re-created its worktree on /)] }),
    ]);
    expect(existsSync(aside.worktree as string)).toBe(true);
    expect(await ws.git(['status', '--porcelain'], aside.worktree)).toBe('');
  });

  test('merges the set-aside ticket after it is resolved by hand and retried', async () => {
    const { merged, aside } = await outcome(['RC-1', 'RC-2']);
    const retry = await resolveByHand(aside, CONFIG, CONFIG_TEXT.replace("mode = 'default'", "mode = 'fast and safe'"));
    expect(retry).toBe(`nx-tickets retry ${aside.key}`);

    const result = await ws.nxTickets(retry.split(' ').slice(1));
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const after = (await ws.state()).tickets[aside.key]!;
    expect(after.status).toBe('merged');
    expect((await ws.git(['rev-parse', 'main'])).trim()).toBe(after.mergedSha);
    expect(await ws.git(['show', `main:${CONFIG}`])).toBe(CONFIG_TEXT.replace("mode = 'default'", "mode = 'fast and safe'"));
    const subjects = (await ws.git(['log', '--format=%s', `${merged.mergedSha}~1..main`])).trim().split('\n');
    expect(subjects).toEqual([`${aside.key}: ${aside.title}`, `${merged.key}: ${merged.title}`]);
  });

  test('verifies a hand-resolved ticket again before merging it, and keeps a resolution that breaks the tests off main', async () => {
    const first = await ws.nxTickets(['run', 'RC-3', 'RC-4']);
    expect(first.exitCode, first.stdout + first.stderr).toBe(1);
    const { aside } = await outcome(['RC-3', 'RC-4']);
    expect(aside.status).toBe('conflict');
    const mainBefore = (await ws.git(['rev-parse', 'main'])).trim();

    // A resolution that breaks gamma's test (level must stay below 10).
    const retry = await resolveByHand(aside, CONFIG, (await ws.git(['show', `main:${CONFIG}`])).replace(/level = \d+/, 'level = 23'));
    const result = await ws.nxTickets(retry.split(' ').slice(1));

    expect((await ws.git(['rev-parse', 'main'])).trim(), 'main moved to an unverified commit').toBe(mainBefore);
    expect(result.exitCode).toBe(1);
    expect((await ws.state()).tickets[aside.key]).toMatchObject({ status: 'failed', error: { step: 'verify' } });
  });

  test('commits what a person left uncommitted in the worktree before retrying, so what is verified is what lands', async () => {
    const first = await ws.nxTickets(['run', 'RC-5', 'RC-6']);
    expect(first.exitCode, first.stdout + first.stderr).toBe(1);
    const { aside } = await outcome(['RC-5', 'RC-6']);
    expect(aside.status).toBe('conflict');
    const retry = await resolveByHand(aside, CONFIG, (await ws.git(['show', `main:${CONFIG}`])).replace(/\/\/ the (first|second) note/, '// both notes'));
    // Then, without committing: one more change to a tracked file, and a new file.
    const worktree = aside.worktree as string;
    await writeFile(join(worktree, CONFIG), (await readFile(join(worktree, CONFIG), 'utf8')).replace(/level = \d+/, 'level = 4'));
    await writeFile(join(worktree, 'libs/gamma/src/extra.mjs'), 'export const extra = true;\n');

    const result = await ws.nxTickets(retry.split(' ').slice(1));
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const after = (await ws.state()).tickets[aside.key]!;
    expect(after.status).toBe('merged');
    expect(await ws.git(['show', `main:${CONFIG}`])).toMatch(/\/\/ both notes[\s\S]*level = 4/);
    expect(await ws.git(['show', 'main:libs/gamma/src/extra.mjs'])).toBe('export const extra = true;\n');
    // The commit carries the ticket's trailer, and nothing was left behind.
    expect(await ws.git(['log', '-1', '--format=%(trailers:key=Ticket,valueonly)', 'main'])).toContain(aside.key);
    expect(await ws.git(['status', '--porcelain'], worktree).catch(() => '')).toBe('');
  });
});
