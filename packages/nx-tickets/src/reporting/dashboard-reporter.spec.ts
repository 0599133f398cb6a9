import { Writable } from 'node:stream';
import { DEFAULT_PLANNING_OPTIONS, buildPlan, createRunState, type RunState } from '@nx-tickets/core';
import { describe, expect, test } from 'vitest';
import { DashboardReporter } from './dashboard-reporter.js';

function runState(): RunState {
  const ticket = (key: string) => ({ key, title: `Do ${key}`, type: 'feature', status: 'ready' as const, priority: 'medium' as const, dependsOn: [], files: [`apps/${key}.ts`], projects: [], resources: {}, description: '', source: 'local' as const });
  const plan = buildPlan({
    tickets: [ticket('PROJ-1'), ticket('PROJ-2')],
    workspace: { files: [], projects: [], dependencies: {}, codeowners: [], branchDiffs: {}, warnings: [] },
    options: { ...DEFAULT_PLANNING_OPTIONS, base: 'main', today: '2026-11-29', maxThreads: 2 },
  });
  return createRunState({ runId: 'r1', plan, baseStart: 'a'.repeat(40), now: 0, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'serialize' });
}

/** A terminal stream that keeps what is written to it, with the size it reports. */
function terminal(size: { columns?: number; rows?: number }): NodeJS.WriteStream & { text: () => string } {
  let written = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString()), done()) }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY: true, columns: size.columns, rows: size.rows, text: () => written });
  return stream;
}

describe('DashboardReporter', () => {
  test('draws one line per ticket on a terminal of 100 columns', () => {
    const stream = terminal({ columns: 100, rows: 30 });
    const dashboard = new DashboardReporter(stream, () => 'cpu 1%', false, () => 0);
    dashboard.onEvent({ type: 'run:start', at: 0 }, runState());
    dashboard.close();
    expect(stream.text()).toContain('PROJ-1');
    expect(stream.text()).toContain('PROJ-2');
  });

  test('draws 80 columns on a terminal that reports 0 columns and 0 rows (CI pseudo-terminals)', () => {
    const stream = terminal({ columns: 0, rows: 0 });
    const dashboard = new DashboardReporter(stream, () => 'cpu 1%', false, () => 0);
    dashboard.onEvent({ type: 'run:start', at: 0 }, runState());
    dashboard.close();
    const lines = stream.text().replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').split('\n');
    expect(lines.find((line) => line.startsWith('PROJ-1'))).toMatch(/^PROJ-1 .*feature\/PROJ-1-do-proj-1/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  test('draws 80 columns on a terminal that reports no size', () => {
    const stream = terminal({});
    const dashboard = new DashboardReporter(stream, () => 'cpu 1%', false, () => 0);
    dashboard.onEvent({ type: 'run:start', at: 0 }, runState());
    dashboard.close();
    expect(stream.text()).toContain('PROJ-2');
  });
});
