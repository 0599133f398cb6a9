import { describe, expect, test } from 'vitest';
import { buildPlan } from '../planning/build-plan.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { activeMs } from './active-ms.js';
import { createRunState } from './create-run-state.js';
import { reopenRun } from './reopen-run.js';
import type { RunState } from './run-state.js';
import { summarizeRun } from './summarize-run.js';

function runOf(keys: string[]): RunState {
  const plan = buildPlan({ tickets: keys.map((k) => ticket(k, { files: [`apps/${k}.ts`] })), workspace: workspace(), options: options({ maxThreads: 2 }) });
  return createRunState({ runId: 'r1', plan, baseStart: 'b0', now: 0, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'serialize' });
}

describe('paused time (interrupted until resumed)', () => {
  test('activeMs leaves out the parts of pauses inside the interval', () => {
    expect(activeMs(1_000, 10_000)).toBe(9_000);
    expect(activeMs(1_000, 10_000, [{ from: 3_000, to: 5_000 }])).toBe(7_000);
    expect(activeMs(4_000, 10_000, [{ from: 3_000, to: 5_000 }, { from: 9_000, to: 20_000 }])).toBe(4_000);
    expect(activeMs(10_000, 1_000)).toBe(0);
  });

  test('a resumed run counts neither ticket durations nor wall time while it was interrupted', () => {
    const state = runOf(['A-1', 'A-2']);
    Object.assign(state.tickets['A-1']!, { status: 'merged', startedAt: 1_000, builtAt: 4_000, finishedAt: 5_000 });
    Object.assign(state.tickets['A-2']!, { status: 'running', startedAt: 1_000 });
    Object.assign(state, { status: 'interrupted', updatedAt: 6_000 });

    reopenRun(state, 66_000); // resumed a minute later
    expect(state.pauses).toEqual([{ from: 6_000, to: 66_000 }]);
    Object.assign(state.tickets['A-2']!, { status: 'merged', builtAt: 70_000, finishedAt: 71_000 });
    Object.assign(state, { status: 'finished', updatedAt: 71_000 });

    const summary = summarizeRun(state, 71_000);
    expect(summary.rows.map((r) => [r.key, r.durationMs])).toEqual([['A-1', 3_000], ['A-2', 9_000]]);
    expect(summary.wallMs).toBe(10_000);
    expect(summary.sequentialMs).toBe(12_000);
  });

  test('records no pause for a run that had not started, and reads a state without pauses as before', () => {
    const fresh = runOf(['A-1']);
    reopenRun(fresh, 50_000);
    expect(fresh.pauses).toBeUndefined();

    const old = runOf(['A-1']);
    Object.assign(old.tickets['A-1']!, { status: 'merged', startedAt: 1_000, builtAt: 4_000, finishedAt: 5_000 });
    expect(summarizeRun(old, 5_000)).toMatchObject({ wallMs: 4_000, sequentialMs: 3_000 });
  });
});
