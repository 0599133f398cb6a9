import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, ticketFile, type RunWorkspace } from './run-workspace.js';

const execFileAsync = promisify(execFile);
const PWNED = '/tmp/pwned-e2e';
const EVIL_TITLE = `$(touch ${PWNED}); --upload-pack=evil`;
const KEYS = ['UT-1', 'UT-2', 'UT-3', 'UT-4', 'UT-5', 'UT-6', 'UT-7', 'UT-8'];
const note = (key: string) => `libs/alpha/notes/${key}.md`;

let ws: RunWorkspace;

beforeAll(async () => {
  await rm(PWNED, { force: true });
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }],
    tickets: KEYS.map((key, i) => ({ key, title: i === 0 ? EVIL_TITLE : `Write note ${i + 1}`, files: [note(key)] })),
    // Each implement step sleeps 2 s first, so all 8 tickets are started (prepared at once) before
    // any is built, however slow the machine.
    changes: (scratch) => Object.fromEntries(KEYS.map((key) => [key, [{ sleepSeconds: 2, marker: join(scratch, `${key}-sleeping`) }, { file: note(key), write: `# ${key}\n` }]])),
    maxThreads: 8,
  });
});
afterAll(() => ws?.cleanup());

describe('nx-tickets run with untrusted ticket input', () => {
  test('refuses a ticket whose files leave the workspace with exit 2, naming the file, and changes nothing', async () => {
    const bad = join(ws.root, 'tickets', 'UT-9.md');
    await writeFile(bad, ticketFile({ key: 'UT-9', title: 'Escape', files: ['../../x'] }));
    try {
      const branchesBefore = await ws.git(['branch', '--list']);
      const result = await ws.nxTickets(['run', 'UT-9', 'UT-2']);
      expect(result.exitCode, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain('tickets/UT-9.md');
      expect(result.stderr).toContain('../../x');
      expect(ws.runIds()).toEqual([]);
      expect(await ws.git(['branch', '--list'])).toBe(branchesBefore);
      expect(existsSync(join(ws.root, '..', '..', 'x'))).toBe(false);
    } finally {
      await rm(bad);
    }
  });

  test('gives all 8 tickets started at once a worktree, merges them, and never runs a title', async () => {
    const result = await ws.nxTickets(['run', ...KEYS]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(existsSync(PWNED)).toBe(false);

    const state = await ws.state();
    const events = await ws.events();
    const firstBuilt = events.findIndex((e) => e.type === 'ticket:built');
    const starts = events.filter((e) => e.type === 'ticket:start');
    expect(starts.map((e) => e.ticket).sort()).toEqual(KEYS);
    expect(events.lastIndexOf(starts.at(-1)!)).toBeLessThan(firstBuilt);

    // Each got its own new worktree on its branch; merged, they were removed at the end (branches stay).
    const worktrees = await ws.git(['worktree', 'list', '--porcelain']);
    const branches = await ws.git(['branch', '--list', '--format=%(refname)']);
    for (const key of KEYS) {
      const t = state.tickets[key]!;
      expect(t.status, `${key}: ${t.error?.message}`).toBe('merged');
      expect(t.worktree).toBe(join(ws.root, '.nx', 'tickets', 'worktrees', key));
      expect(events).toContainEqual(expect.objectContaining({ type: 'step:end', ticket: key, step: 'prepare', ok: true, worktree: t.worktree, created: true }));
      expect(t.worktreeRemoved).toBe(true);
      expect(worktrees).not.toContain(`worktree ${t.worktree}\n`);
      expect(branches).toContain(`refs/heads/${t.branch}\n`);
      const checked = await execFileAsync('git', ['check-ref-format', '--branch', t.branch], { cwd: ws.root });
      expect(checked.stdout.trim()).toBe(t.branch);
      expect(t.branch).toMatch(new RegExp(`^feature/${key}(-[a-z0-9-]+)?$`));
    }

    const evil = state.tickets['UT-1']!;
    expect(evil.title).toBe(EVIL_TITLE);
    expect(evil.branch.length).toBeLessThanOrEqual(60);
    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n');
    expect(subjects).toContain(`UT-1: ${EVIL_TITLE}`);
    expect(subjects).toHaveLength(8);
    // The title reached the implement command as data (TICKET_TITLE), never through a shell.
    expect(await readFile(join(ws.root, '.nx', 'tickets', 'runs', state.runId, 'logs', 'UT-1', 'implement.log'), 'utf8')).toContain(`implementing UT-1: ${EVIL_TITLE}`);
    expect(await ws.git(['config', '--get-regexp', 'upload'], ws.root).catch(() => '')).toBe('');
    expect(existsSync(PWNED)).toBe(false);
  });
});
