import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, createRunState, DEFAULT_PLANNING_OPTIONS, type Ticket } from '@nx-tickets/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RunStore } from '../execution/run-store.js';
import type { CliIo } from './cli-io.js';
import { runReportCommand } from './report-command.js';

let root: string;
const ticket: Ticket = { key: 'R-1', title: 'Report me', type: 'feature', status: 'ready', priority: 'medium', dependsOn: [], files: ['a.txt'], projects: [], resources: {}, description: '', source: 'local' };

beforeAll(async () => {
  // A hand-made run folder: the command only reads files, so no git or Nx is needed here.
  root = await mkdtemp(join(tmpdir(), 'nx-tickets-report-'));
  await writeFile(join(root, 'nx.json'), '{}\n');
  const plan = buildPlan({ tickets: [ticket], workspace: { files: ['a.txt'], projects: [], dependencies: {}, codeowners: [], branchDiffs: {}, warnings: [] }, options: { ...DEFAULT_PLANNING_OPTIONS, base: 'main', today: '2026-11-29' } });
  const store = new RunStore(root, '20261129-100000-abcd');
  await store.writeState(createRunState({ runId: store.runId, plan, baseStart: 'b0', now: 1_000, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'serialize' }));
  await store.writePlan(plan);
});
afterAll(() => rm(root, { recursive: true, force: true }));

function io(): CliIo & { out: string } {
  const sink = { out: '' };
  return Object.assign(sink, { stdout: { write: (t: string) => (sink.out += t) }, stderr: { write: () => true }, env: {}, cwd: root });
}

describe('runReportCommand', () => {
  test('writes the latest run to --out and hands the file to the opener with --open', async () => {
    const opened: string[] = [];
    const sink = io();
    const code = await runReportCommand({ cwd: root, out: 'out/view.html', open: true }, sink, async (file) => opened.push(file));
    expect(code).toBe(0);
    expect(opened).toEqual([join(root, 'out', 'view.html')]);
    expect(sink.out).toBe(`Run 20261129-100000-abcd (running, 1 ticket): report written to ${join(root, 'out', 'view.html')}\n`);
    expect(await readFile(join(root, 'out', 'view.html'), 'utf8')).toContain('data-ticket="R-1"');
  });

  test('names the runs there are when the run id is unknown', async () => {
    await expect(runReportCommand({ cwd: root, runId: 'nope' }, io())).rejects.toMatchObject({ code: 'NX_TICKETS_RUN_NOT_FOUND', hint: 'Runs: 20261129-100000-abcd.' });
  });
});
