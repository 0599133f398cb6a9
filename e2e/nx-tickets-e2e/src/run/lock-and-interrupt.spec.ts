import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, launchChromium } from '../report/chromium.js';
import { createRunWorkspace, runningProcessesInGroup, waitUntil, type RunningCommand, type RunWorkspace } from './run-workspace.js';

/** The part of the report's timeline data this test reads. */
interface TimelineData {
  segments: Array<{ ticket?: string; kind: string; step?: string; ok?: boolean; interrupted?: boolean; startMs: number; endMs: number }>;
  pauses: Array<{ startMs: number; endMs: number }>;
}

let ws: RunWorkspace;
let marker: string;
let first: RunningCommand | undefined;
let runId: string;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'SI-1', title: 'Slow change', files: ['libs/alpha/src/slow.ts'] },
      { key: 'SI-2', title: 'Quick change', files: ['libs/beta/src/quick.ts'] },
    ],
    // The first implement attempt of SI-1 sleeps 20 s in a `sleep` grandchild; a resumed attempt does not.
    changes: (scratch) => ({
      'SI-1': [{ sleepSeconds: 20, marker: (marker = join(scratch, 'si-1-sleeping')) }, { file: 'libs/alpha/src/slow.ts', write: 'export const slow = true;\n' }],
      'SI-2': [{ file: 'libs/beta/src/quick.ts', write: 'export const quick = true;\n' }],
    }),
  });
});
afterAll(async () => {
  if (first && !first.exited) first.child.kill('SIGKILL');
  await ws?.cleanup();
});

describe('nx-tickets run while another run is in progress, and when interrupted', () => {
  test('refuses a second run with exit 2 and leaves no run behind', async () => {
    first = ws.startNxTickets(['run', 'SI-1', 'SI-2']);
    await ws.waitForEvent((e) => e.type === 'ticket:merged' && e.ticket === 'SI-2', first);
    await ws.waitForEvent((e) => e.type === 'step:start' && e.ticket === 'SI-1' && e['step'] === 'implement', first);
    await waitUntil(() => existsSync(marker), first);
    runId = ws.runIds()[0] as string;

    const second = await ws.nxTickets(['run', 'SI-1']);
    expect(second.exitCode, second.stdout + second.stderr).toBe(2);
    expect(second.stderr).toContain('Another nx-tickets run is in progress');
    expect(ws.runIds()).toEqual([runId]);
    expect(first.exited).toBe(false);
  });

  test('stops on SIGINT with exit 130, state interrupted and no implement process left', async () => {
    expect(first?.exited).toBe(false);
    const state = await ws.state(runId);
    const groups = state.tickets['SI-1']?.processGroups ?? [];
    expect(groups.length).toBeGreaterThan(0);
    const implementPid = Number(await readFile(marker, 'utf8'));
    expect(groups).toContain(implementPid);
    expect(runningProcessesInGroup(implementPid).map((p) => p.split(' ')[1]).sort()).toEqual(['node', 'sleep']);

    first!.child.kill('SIGINT');
    const result = await first!.done;
    expect(result.exitCode, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain(`nx-tickets resume ${runId}`);

    const after = await ws.state(runId);
    expect(after.status).toBe('interrupted');
    expect(after.tickets['SI-2']?.status).toBe('merged');
    expect(after.tickets['SI-1']?.status).not.toBe('merged');
    for (const pgid of new Set([...groups, ...(after.tickets['SI-1']?.processGroups ?? [])])) expect(runningProcessesInGroup(pgid), `process group ${pgid}`).toEqual([]);
    const events = await ws.events(runId);
    expect(events.at(-1)?.type).toBe('run:interrupted');
    // The implement step the interruption stopped says so, for --json readers and the dashboard.
    expect(events.filter((e) => e.type === 'step:end' && e.ticket === 'SI-1' && e['step'] === 'implement')).toEqual([expect.objectContaining({ ok: false, interrupted: true })]);
    expect(result.stdout).toContain('SI-1  ⏸ implement interrupted (resume runs it again)');
    const status = await ws.nxTickets(['status', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runId, status: 'interrupted' });
  });

  test('finishes the interrupted run on resume without repeating what was merged', async () => {
    const result = await ws.nxTickets(['resume']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const state = await ws.state(runId);
    expect(state.status).toBe('finished');
    expect(ws.runIds()).toEqual([runId]);
    expect(state.tickets['SI-1']?.completed).toEqual(expect.arrayContaining(['prepare', 'implement', 'commit', 'merge']));
    expect(state.tickets['SI-1']?.status).toBe('merged');
    expect(state.tickets['SI-2']?.status).toBe('merged');
    const events = await ws.events(runId);
    expect(events.filter((e) => e.type === 'ticket:merged').map((e) => e.ticket)).toEqual(['SI-2', 'SI-1']);
    const subjects = (await ws.git(['log', '--format=%s', `${state.baseStart}..main`])).trim().split('\n');
    expect(subjects.sort()).toEqual(['SI-1: Slow change', 'SI-2: Quick change']);
    expect(await ws.git(['show', 'main:libs/alpha/src/slow.ts'])).toBe('export const slow = true;\n');
    expect((await ws.git(['branch', '--list', '*SI-1*'])).trim().split('\n')).toHaveLength(1);
  });

  test('reports the implement cut short as interrupted, not failed, and prepares SI-1 once', async () => {
    const out = join(ws.scratch, 'interrupted', 'report.html');
    const result = await ws.nxTickets(['report', '--out', out]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const html = await readFile(out, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null') as { timeline: TimelineData };
    const { segments, pauses } = data.timeline;
    const interruptedAt = (await ws.events(runId)).find((e) => e.type === 'run:interrupted')?.at as number;
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.startMs).toBeGreaterThanOrEqual(interruptedAt);
    const implement = segments.filter((s) => s.ticket === 'SI-1' && s.step === 'implement');
    expect(implement.map((s) => s.interrupted === true ? 'interrupted' : s.ok)).toEqual(['interrupted', true]);
    expect(implement[0]!.endMs).toBeLessThanOrEqual(interruptedAt);
    expect(segments.filter((s) => s.ok === false)).toEqual([]);
    const prepare = segments.filter((s) => s.ticket === 'SI-1' && s.step === 'prepare');
    expect(prepare).toHaveLength(1);
    expect(prepare[0]!.endMs).toBeLessThan(implement[0]!.startMs + 1);
    // Nothing is drawn over the time the run was stopped.
    for (const s of segments) expect(s.endMs <= pauses[0]!.startMs || s.startMs >= pauses[0]!.endMs, JSON.stringify(s)).toBe(true);

    if (!hasChromium) return;
    const browser = await launchChromium();
    try {
      const { page, watch } = await browser.open(pathToFileURL(out).href, 'body[data-timeline="drawn"]');
      await page.waitForSelector('.vis-item.step-interrupted', { timeout: 30_000 });
      expect(await page.locator('.vis-item.step-interrupted').allTextContents()).toEqual(['SI-1 implement (interrupted)']);
      expect(await page.locator('.vis-item.step-failed').count()).toBe(0);
      expect(await page.locator('.vis-item.vis-background.paused').count()).toBe(1);
      expect(watch.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
