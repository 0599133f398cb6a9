import { describe, expect, test } from 'vitest';
import { formatMetricsText } from '../format/format-metrics.js';
import { formatPlanText } from '../format/format-plan.js';
import { buildPlan } from '../planning/build-plan.js';
import { createRunState } from '../run/create-run-state.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { buildHistoryEntry, type HistoryEntry, type HistoryTicket } from './history-entry.js';
import { findLearnedEstimate, learnEstimates } from './learn-estimates.js';
import { summarizeHistory } from './summarize-history.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 9);

function entry(runId: string, startedAt: number, tickets: Array<Partial<HistoryTicket> & { key: string }>, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  const full = tickets.map((t) => ({ status: 'merged' as const, type: 'feature', projects: [], estimateMinutes: 60, estimateSource: 'ticket' as const, durationMs: 60_000, ...t }));
  const sequentialMs = full.reduce((sum, t) => sum + t.durationMs, 0);
  return { version: 1, runId, base: 'main', startedAt, endedAt: startedAt + 60_000, threads: 2, tickets: full, overlaps: { planned: 1, plannedConflicts: 1, unplanned: 0 }, estimate: { parallelMinutes: 60, sequentialMinutes: 120 }, makespanMs: 60_000, sequentialMs, utilization: 0.5, ...extra };
}

describe('buildHistoryEntry', () => {
  test('records each ticket with its type, points, projects, estimate and duration, and the run metrics', () => {
    const plan = buildPlan({
      tickets: [ticket('A-1', { files: ['libs/auth/src/login.ts'], points: 3, type: 'bug' }), ticket('A-2', { files: ['libs/auth/src/login.ts'], estimateMinutes: 30 })],
      workspace: workspace(),
      options: options(),
    });
    const state = createRunState({ runId: 'r1', plan, baseStart: 'b0', now: 0, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'serialize' });
    Object.assign(state.tickets['A-1'] as object, { status: 'merged', startedAt: 1000, builtAt: 4000, finishedAt: 5000 });
    Object.assign(state.tickets['A-2'] as object, { status: 'failed', startedAt: 5000, finishedAt: 7000 });
    state.status = 'finished';
    expect(buildHistoryEntry({ state, plan, now: 9000 })).toEqual({
      version: 1,
      runId: 'r1',
      base: 'main',
      startedAt: 1000,
      endedAt: 7000,
      threads: 2,
      tickets: [
        { key: 'A-1', status: 'merged', type: 'bug', points: 3, projects: ['auth'], estimateMinutes: 120, estimateSource: 'default', durationMs: 3000 },
        { key: 'A-2', status: 'failed', type: 'feature', projects: ['auth'], estimateMinutes: 30, estimateSource: 'ticket', durationMs: 2000 },
      ],
      overlaps: { planned: 1, plannedConflicts: 1, unplanned: 0 },
      estimate: { parallelMinutes: 150, sequentialMinutes: 150 },
      makespanMs: 6000,
      sequentialMs: 5000,
      utilization: 5000 / 12000,
    });
  });
});

describe('buildHistoryEntry of a run resumed after a newer run merged its tickets', () => {
  test('flags the tickets merged by another run and leaves them out of the durations, wall time and utilisation', () => {
    const plan = buildPlan({ tickets: [ticket('A-1', { points: 1 }), ticket('A-2', { points: 2 }), ticket('A-3', { points: 3 })], workspace: workspace(), options: options() });
    const state = createRunState({ runId: 'r1', plan, baseStart: 'b0', now: 0, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'parallel' });
    // Interrupted at 3000 while ran; resumed at 50_000 after another run had merged them.
    state.pauses = [{ from: 3000, to: 50_000 }];
    Object.assign(state.tickets['A-1'] as object, { status: 'merged', startedAt: 1000, builtAt: 2000, finishedAt: 3000 });
    Object.assign(state.tickets['A-2'] as object, { status: 'merged', startedAt: 1000, finishedAt: 50_000, mergedSha: 'x2', mergedElsewhere: true });
    Object.assign(state.tickets['A-3'] as object, { status: 'merged', startedAt: 2500, finishedAt: 50_000, mergedSha: 'x3', mergedElsewhere: true });
    state.status = 'finished';
    const history = buildHistoryEntry({ state, plan, now: 60_000 });
    expect(history.tickets.map((t) => [t.key, t.status, t.mergedElsewhere ?? false, t.durationMs])).toEqual([['A-1', 'merged', false, 1000], ['A-2', 'merged', true, 0], ['A-3', 'merged', true, 0]]);
    expect(history).toMatchObject({ startedAt: 1000, endedAt: 3000, makespanMs: 2000, sequentialMs: 1000, utilization: 1000 / 4000 });
  });
});

describe('summarizeHistory', () => {
  test('counts a ticket merged by another run once, under the run that merged it (resumed after a newer run)', () => {
    const resumed = entry('r1', T0, [{ key: 'A-1', points: 1 }, { key: 'A-2', points: 2, mergedElsewhere: true, durationMs: 0 }, { key: 'A-3', points: 3, mergedElsewhere: true, durationMs: 0 }]);
    const newer = entry('r2', T0 + 1000, [{ key: 'A-2', points: 2 }, { key: 'A-3', points: 3 }]);
    const metrics = summarizeHistory([resumed, newer]);
    expect(metrics.runs.map((r) => [r.runId, r.merged, r.tickets, r.mergedElsewhere, r.points, r.successRate])).toEqual([['r1', 1, 1, 2, 1, 1], ['r2', 2, 2, 0, 5, 1]]);
    expect(metrics.total).toMatchObject({ tickets: 3, merged: 3, successRate: 1, velocity: { days: 1, ticketsPerDay: 3, pointsPerDay: 6 } });
    expect(metrics.byDay).toEqual([{ day: '2026-11-02', runs: 2, merged: 3, points: 6 }]);
  });


  test('gives per-run rows and totals over time, counting a retried run once (its latest line)', () => {
    const first = entry('r1', T0, [{ key: 'A-1', points: 3 }, { key: 'A-2', status: 'failed' }]);
    const retried = entry('r1', T0, [{ key: 'A-1', points: 3 }, { key: 'A-2', points: 2 }]);
    const later = entry('r2', T0 + 2 * DAY, [{ key: 'A-3', points: 5, durationMs: 120_000 }], { overlaps: { planned: 0, plannedConflicts: 0, unplanned: 1 }, makespanMs: 120_000, utilization: 0.5 });
    const metrics = summarizeHistory([first, later, retried]);
    expect(metrics.runs.map((r) => [r.runId, r.merged, r.tickets, r.points, r.savedMs, r.savedRatio])).toEqual([['r1', 2, 2, 5, 60_000, 0.5], ['r2', 1, 1, 5, 0, 0]]);
    expect(metrics.total).toEqual({
      runs: 2,
      tickets: 3,
      merged: 3,
      successRate: 1,
      makespanMs: 180_000,
      sequentialMs: 240_000,
      savedMs: 60_000,
      utilization: 0.5,
      conflictsPerRun: { planned: 0.5, unplanned: 0.5 },
      runsWithUnplanned: 0.5,
      velocity: { days: 3, ticketsPerDay: 1, pointsPerDay: 10 / 3 },
    });
    expect(metrics.byDay).toEqual([{ day: '2026-11-02', runs: 1, merged: 2, points: 5 }, { day: '2026-11-04', runs: 1, merged: 1, points: 5 }]);
  });

  test('is empty without history', () => {
    expect(summarizeHistory([]).total).toMatchObject({ runs: 0, successRate: 0, velocity: { days: 0, ticketsPerDay: 0 } });
  });
});

describe('learnEstimates', () => {
  const history = [
    entry('r1', T0, [
      { key: 'A-1', projects: ['web', 'auth'], durationMs: 10 * 60_000 },
      { key: 'A-2', projects: ['auth', 'web'], durationMs: 30 * 60_000 },
      { key: 'A-3', projects: ['ui'], type: 'bug', durationMs: 20 * 60_000 },
      { key: 'A-4', projects: ['ui'], type: 'bug', status: 'failed', durationMs: 99 * 60_000 },
    ]),
  ];

  test('takes the median of built tickets per project set and per type', () => {
    const learned = learnEstimates(history);
    expect(learned.byProjects).toEqual({ 'auth,web': { minutes: 20, samples: 2 }, ui: { minutes: 20, samples: 1 } });
    expect(learned.byType).toEqual({ feature: { minutes: 20, samples: 2 }, bug: { minutes: 20, samples: 1 } });
  });

  test('prefers the project set, falls back to the type, and learns nothing for the unknown', () => {
    const learned = learnEstimates(history);
    expect(findLearnedEstimate(learned, ['web', 'auth'], 'docs')).toEqual({ minutes: 20, samples: 2, by: 'projects', value: 'auth,web' });
    expect(findLearnedEstimate(learned, ['admin'], 'bug')).toEqual({ minutes: 20, samples: 1, by: 'type', value: 'bug' });
    expect(findLearnedEstimate(learned, ['admin'], 'docs')).toBeUndefined();
  });

  test('replaces only the default estimate in a plan, and the plan says it was learned', () => {
    const plan = buildPlan({
      tickets: [ticket('B-1', { files: ['libs/ui/README.md'] }), ticket('B-2', { files: ['libs/ui/src/button.tsx'], estimateMinutes: 45 }), ticket('B-3', { files: ['apps/admin/src/main.ts'], type: 'chore' })],
      workspace: workspace(),
      options: options({ learnedEstimates: learnEstimates(history) }),
    });
    expect(plan.tickets.map((t) => [t.key, t.estimateMinutes, t.estimateSource, t.learnedFrom])).toEqual([
      ['B-1', 20, 'learned', { by: 'projects', value: 'ui', samples: 1 }],
      ['B-2', 45, 'ticket', undefined],
      ['B-3', 120, 'default', undefined],
    ]);
    const text = formatPlanText(plan);
    expect(text).toContain('est 20m (learned from 1 ticket on ui)');
    expect(text).toContain('est 2h (default)');
  });
});

describe('formatMetricsText', () => {
  test('shows the tickets another run merged beside the resumed run, outside its counts', () => {
    const resumed = entry('r1', T0, [{ key: 'A-1' }, { key: 'A-2', mergedElsewhere: true, durationMs: 0 }]);
    const text = formatMetricsText(summarizeHistory([resumed, entry('r2', T0 + 1000, [{ key: 'A-2' }])]));
    expect(text.split('\n').filter((line) => line.startsWith('r1') || line.startsWith('success'))).toEqual([
      'r1       1/1    1m 00s      1m 00s        0ms (0%)   50%  1/0  (1 by another run)',
      'success rate 100% (2/2 tickets merged)',
    ]);
  });
});
