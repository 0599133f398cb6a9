import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, testedProject, ticketFile, type RunWorkspace } from '../run/run-workspace.js';
import { hasChromium, launchChromium, type HeadlessChromium } from './chromium.js';

const EVIL_TITLE = '<img src=x onerror=alert(1)>';
const A = 'libs/alpha/src/a.mjs';
const B = 'libs/beta/src/b.mjs';
const KEYS = ['RV-1', 'RV-2', 'RV-3'];

let ws: RunWorkspace;
let browser: HeadlessChromium | undefined;
let shots: string;

beforeAll(async () => {
  shots = await mkdtemp(join(tmpdir(), 'nx-tickets-report-shots-'));
  ws = await createRunWorkspace({
    projects: [
      testedProject('alpha', 'libs/alpha', { 'src/a.mjs': 'export const a = 1;\n', 'src/a.test.mjs': "import test from 'node:test';\ntest('a', () => {});\n" }),
      { name: 'beta', root: 'libs/beta', files: { 'src/b.mjs': 'export const b = 1;\n' } },
    ],
    tickets: [
      { key: 'RV-1', title: EVIL_TITLE, files: [A] },
      { key: 'RV-2', title: 'Second change to a', files: [A], type: 'bug' },
      { key: 'RV-3', title: 'Change b after RV-1', files: [B], dependsOn: ['RV-1'] },
    ],
    changes: {
      'RV-1': [{ file: A, find: 'a = 1', replace: 'a = 2' }],
      'RV-2': [{ file: A, find: 'export const a', replace: '// RV-2\nexport const a' }],
      'RV-3': [{ file: B, find: 'b = 1', replace: 'b = 2' }],
    },
    files: {
      // No estimate: a later plan learns one from the run's history.
      'tickets/RV-4.md': ticketFile({ key: 'RV-4', title: 'Another change to b', files: [B] }).replace('estimate: "1h"\n', ''),
    },
    verifyTargets: ['test'],
  });
  if (hasChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ws?.cleanup();
  await rm(shots, { recursive: true, force: true });
});

describe('nx-tickets report', () => {
  test('says there is no run yet, with what to do, before any run', async () => {
    const result = await ws.nxTickets(['report']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('There is no run to report on in this workspace yet.');
    expect(result.stderr).toContain('nx-tickets run');
    const metrics = await ws.nxTickets(['metrics']);
    expect(metrics.exitCode).toBe(2);
    expect(metrics.stderr).toContain('No run has finished in this workspace yet');
    expect(metrics.stderr).toContain('hint: Every finished `nx-tickets run` adds a line');
    const plan = JSON.parse((await ws.nxTickets(['plan', 'RV-4', '--json'])).stdout) as { tickets: Array<{ estimateSource: string }> };
    expect(plan.tickets[0]?.estimateSource).toBe('default');
  });

  test('writes a self-contained HTML run view of a real run', async () => {
    const run = await ws.nxTickets(['run', ...KEYS]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const [runId] = ws.runIds();
    const out = join(ws.scratch, 'view', 'run.html');

    const result = await ws.nxTickets(['report', '--out', out]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Run ${runId} (finished, 3 tickets): report written to ${out}`);
    const html = await readFile(out, 'utf8');
    expect(html).not.toContain(EVIL_TITLE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i);

    const byId = await ws.nxTickets(['report', String(runId)]);
    expect(byId.exitCode, byId.stderr).toBe(0);
    expect(existsSync(join(ws.root, '.nx', 'tickets', 'runs', String(runId), 'report.html'))).toBe(true);
  });

  test.skipIf(!hasChromium)('loads in headless Chromium with no errors or requests, shows every ticket, and runs no ticket text', async () => {
    const out = join(ws.scratch, 'view', 'run.html');
    const url = pathToFileURL(out).href;
    const { page, watch } = await browser!.open(url, 'body[data-timeline="drawn"][data-graph="drawn"]');
    await page.waitForSelector('.vis-item', { timeout: 30_000 });
    await page.waitForTimeout(300); // cytoscape's layout draws on the next frames

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    for (const key of KEYS) {
      const section = page.locator(`section.ticket[data-ticket="${key}"]`);
      await expect.poll(() => section.isVisible()).toBe(true);
    }
    expect(await page.locator('section.ticket[data-ticket="RV-1"] .title').textContent()).toBe(EVIL_TITLE);
    // Timeline: each ticket's steps on a thread, the merge train, and the waits (RV-2 conflicts with RV-1, RV-3 depends on it).
    const bars = await page.locator('.vis-item').allTextContents();
    for (const key of KEYS) expect(bars.some((text) => text.startsWith(`${key} implement`))).toBe(true);
    expect(bars.some((text) => text.startsWith('RV-1 merge'))).toBe(true);
    expect(bars.some((text) => /^RV-2 waits for RV-1 \(file conflict\)/.test(text))).toBe(true);
    expect(bars.some((text) => /^RV-3 waits for RV-1 \(dependsOn\)/.test(text))).toBe(true);
    expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
    // Verification tasks of the tested project, with cache hits counted.
    expect(await page.locator('section.ticket[data-ticket="RV-1"]').textContent()).toMatch(/alpha:test/);

    const shot = join(shots, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    process.env['NX_TICKETS_REPORT_SHOT'] && (await page.screenshot({ path: process.env['NX_TICKETS_REPORT_SHOT'], fullPage: true }));
  });

  test('the finished run is a line of the history, and metrics shows it per run and over time', async () => {
    const [runId] = ws.runIds();
    const lines = (await readFile(join(ws.root, '.nx', 'tickets', 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string) as { runId: string; tickets: Array<{ key: string; status: string; projects: string[]; durationMs: number }>; overlaps: unknown; threads: number };
    expect(entry).toMatchObject({ runId, threads: 3, overlaps: { plannedConflicts: 1, unplanned: 0 } });
    expect(entry.tickets.map((t) => [t.key, t.status, t.projects])).toEqual([['RV-1', 'merged', ['alpha']], ['RV-2', 'merged', ['alpha']], ['RV-3', 'merged', ['beta']]]);
    expect(entry.tickets.every((t) => t.durationMs > 0)).toBe(true);

    const json = await ws.nxTickets(['metrics', '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    const metrics = JSON.parse(json.stdout) as { runs: Array<{ runId: string; merged: number; tickets: number; conflicts: unknown }>; total: { successRate: number; velocity: { days: number; ticketsPerDay: number } } };
    expect(metrics.runs).toEqual([expect.objectContaining({ runId, merged: 3, tickets: 3, conflicts: { planned: 1, unplanned: 0 } })]);
    expect(metrics.total).toMatchObject({ successRate: 1, velocity: { days: 1, ticketsPerDay: 3 } });

    const text = await ws.nxTickets(['metrics']);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${runId}      3/3`);
    expect(text.stdout).toContain('success rate 100% (3/3 tickets merged)');
    expect(text.stdout).toContain('conflicts per run: 1 planned, 0 unplanned');
    expect(text.stdout).toContain('velocity: 3 tickets/day');
  });

  test('a later plan learns the estimate of a ticket without one from the run, and says so', async () => {
    const json = JSON.parse((await ws.nxTickets(['plan', 'RV-4', '--json'])).stdout) as { tickets: Array<{ estimateMinutes: number; estimateSource: string; learnedFrom?: unknown }> };
    expect(json.tickets[0]).toMatchObject({ estimateMinutes: 1, estimateSource: 'learned', learnedFrom: { by: 'projects', value: 'beta', samples: 1 } });
    const text = await ws.nxTickets(['plan', 'RV-4']);
    expect(text.stdout).toContain('est 1m (learned from 1 ticket on beta)');
  });
});
