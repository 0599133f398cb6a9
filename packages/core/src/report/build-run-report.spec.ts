import { describe, expect, test } from 'vitest';
import { formatReportHtml } from '../format/format-report-html.js';
import { buildPlan } from '../planning/build-plan.js';
import { createRunState } from '../run/create-run-state.js';
import type { RunState } from '../run/run-state.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { buildRunReport } from './build-run-report.js';
import { buildRunTimeline, type RunTimeline, type TimelineEvent, type TimelineSegment } from './build-timeline.js';
import { parseVerifyLog, tailLog } from './parse-verify-log.js';

const EVIL = '<img src=x onerror=alert(1)>';

/** edit one file (conflict, A-2 after A-1); A-3 depends on A-1; two threads. */
function finishedRun(): { state: RunState; events: TimelineEvent[]; plan: ReturnType<typeof buildPlan> } {
  const plan = buildPlan({
    tickets: [
      ticket('A-1', { title: EVIL, files: ['libs/auth/src/login.ts'], estimateMinutes: 30, points: 3 }),
      ticket('A-2', { files: ['libs/auth/src/login.ts'], estimateMinutes: 30 }),
      ticket('A-3', { files: ['libs/ui/README.md'], dependsOn: ['A-1'] }),
    ],
    workspace: workspace(),
    options: options({ maxThreads: 2 }),
  });
  const state = createRunState({ runId: 'r1', plan, baseStart: 'b0', now: 0, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'serialize' });
  const times: Record<string, [number, number, number]> = { 'A-1': [100, 400, 500], 'A-2': [500, 700, 800], 'A-3': [400, 600, 900] };
  for (const [key, [startedAt, builtAt, finishedAt]] of Object.entries(times)) {
    Object.assign(state.tickets[key] as object, { status: 'merged', startedAt, builtAt, finishedAt, mergedSha: `m-${key}`, completed: ['prepare', 'implement', 'verify', 'commit', 'merge'], actualFiles: key === 'A-3' ? ['libs/ui/README.md', 'libs/ui/src/button.tsx'] : ['libs/auth/src/login.ts'], verification: { targets: ['test'], projects: ['auth'], skipped: false } });
  }
  Object.assign(state, { status: 'finished', updatedAt: 900 });
  const steps = (key: string, start: number, built: number, mergeAt: number, merged: number): TimelineEvent[] => [
    { type: 'ticket:start', at: start, ticket: key },
    { type: 'step:end', at: start + 20, ticket: key, step: 'prepare', ok: true },
    { type: 'step:start', at: start + 20, ticket: key, step: 'implement' },
    { type: 'step:end', at: start + 100, ticket: key, step: 'implement', ok: true },
    { type: 'step:start', at: start + 100, ticket: key, step: 'verify' },
    { type: 'step:end', at: built - 10, ticket: key, step: 'verify', ok: true },
    { type: 'step:start', at: built - 10, ticket: key, step: 'commit' },
    { type: 'step:end', at: built, ticket: key, step: 'commit', ok: true },
    { type: 'ticket:built', at: built, ticket: key },
    { type: 'step:start', at: mergeAt, ticket: key, step: 'merge' },
    { type: 'ticket:merged', at: merged, ticket: key },
  ];
  const events = [{ type: 'run:start', at: 0 }, { type: 'run:waiting', at: 10, reason: 'cpu 95% > 80%' }, ...steps('A-1', 100, 400, 420, 500), ...steps('A-3', 400, 600, 600, 900), ...steps('A-2', 500, 700, 750, 800), { type: 'run:end', at: 900 }];
  return { state, events, plan };
}

/**
 * A run stopped by Ctrl-C while A-1 implemented, then resumed: the events (times from the
 * start) of a real run. A-1 was prepared before, so its resumed start writes no prepare step;
 * A-2 starts only after the resume and prepares then.
 */
function resumedRun(): { state: RunState; events: TimelineEvent[] } {
  const { state } = finishedRun();
  state.pauses = [{ from: 2001, to: 5488 }];
  const events: TimelineEvent[] = [
    { type: 'run:start', at: 0 },
    { type: 'ticket:start', at: 4, ticket: 'A-1' },
    { type: 'step:end', at: 76, ticket: 'A-1', step: 'prepare', ok: true, created: true },
    { type: 'step:start', at: 106, ticket: 'A-1', step: 'implement' },
    { type: 'step:end', at: 1986, ticket: 'A-1', step: 'implement', ok: false, detail: 'implement command was stopped' },
    { type: 'run:interrupted', at: 1999, status: 'interrupted' },
    { type: 'run:start', at: 5576 },
    { type: 'ticket:start', at: 5618, ticket: 'A-1' },
    { type: 'ticket:start', at: 5618, ticket: 'A-2' },
    { type: 'step:end', at: 5690, ticket: 'A-2', step: 'prepare', ok: true, created: true },
    { type: 'step:start', at: 5700, ticket: 'A-2', step: 'implement' },
    { type: 'step:start', at: 6385, ticket: 'A-1', step: 'implement' },
    { type: 'step:end', at: 6702, ticket: 'A-1', step: 'implement', ok: true },
    { type: 'step:start', at: 6702, ticket: 'A-1', step: 'verify' },
    { type: 'step:end', at: 6702, ticket: 'A-1', step: 'verify', ok: true },
    { type: 'step:start', at: 6702, ticket: 'A-1', step: 'commit' },
    { type: 'step:end', at: 6762, ticket: 'A-1', step: 'commit', ok: true },
    { type: 'ticket:built', at: 6764, ticket: 'A-1' },
    { type: 'step:start', at: 6773, ticket: 'A-1', step: 'merge' },
    { type: 'ticket:merged', at: 6854, ticket: 'A-1' },
    { type: 'step:end', at: 6900, ticket: 'A-2', step: 'implement', ok: true },
  ];
  return { state, events };
}

describe('buildRunTimeline', () => {
  test('places worker steps on the pool threads, the merge on the train, and names every wait', () => {
    const { state, events } = finishedRun();
    const timeline = buildRunTimeline(state, events, 1000);
    expect(timeline.lanes.map((l) => l.id)).toEqual(['thread-0', 'thread-1', 'merge-train', 'waiting']);
    const bars = timeline.segments.map((s) => `${s.lane} ${s.startMs}-${s.endMs} ${s.detail}`);
    expect(bars).toContain('thread-0 100-120 A-1 prepare');
    expect(bars).toContain('thread-0 400-420 A-3 prepare'); // A-1 gave thread 0 back when it was built
    expect(bars).toContain('thread-1 500-520 A-2 prepare'); // while A-3 holds thread 0
    expect(bars).toContain('merge-train 420-500 A-1 merge');
    expect(bars).toContain('waiting 10-100 run waits: cpu 95% > 80%');
    expect(bars).toContain('waiting 0-100 A-1 waits to start (a free thread, resources, start-up)');
    expect(bars).toContain('waiting 0-400 A-3 waits for A-1 (dependsOn)');
    expect(bars).toContain('waiting 0-500 A-2 waits for A-1 (file conflict)');
    expect(bars).toContain('waiting 700-750 A-2 waits for the merge train');
    expect(timeline.segments.filter((s) => s.kind === 'step').every((s) => s.ok === true)).toBe(true);
  });

  test('closes the bars of a run interrupted in the middle of a step as interrupted', () => {
    const { state } = finishedRun();
    const events: TimelineEvent[] = [{ type: 'run:start', at: 0 }, { type: 'ticket:start', at: 5, ticket: 'A-1' }, { type: 'step:end', at: 6, ticket: 'A-1', step: 'prepare', ok: true }, { type: 'step:start', at: 6, ticket: 'A-1', step: 'implement' }, { type: 'run:interrupted', at: 50 }];
    const implement = buildRunTimeline(state, events, 60).segments.find((s) => s.step === 'implement');
    expect(implement).toMatchObject({ startMs: 6, endMs: 50, interrupted: true, detail: 'A-1 implement interrupted' });
    expect(implement?.ok).toBeUndefined();
  });
});

describe('buildRunTimeline with failures', () => {
  test('marks a failed step, shows the back-off before a retry, and frees the thread for the next ticket', () => {
    const { state } = finishedRun();
    const events: TimelineEvent[] = [
      { type: 'run:start', at: 0 },
      { type: 'ticket:start', at: 10, ticket: 'A-1' },
      { type: 'step:end', at: 20, ticket: 'A-1', step: 'prepare', ok: true },
      { type: 'step:start', at: 20, ticket: 'A-1', step: 'implement' },
      { type: 'ticket:retry', at: 30, ticket: 'A-1' }, // a crashed worker
      { type: 'ticket:start', at: 40, ticket: 'A-3' },
      { type: 'ticket:start', at: 60, ticket: 'A-1' },
      { type: 'step:start', at: 60, ticket: 'A-1', step: 'implement' },
      { type: 'step:end', at: 70, ticket: 'A-1', step: 'implement', ok: false },
      { type: 'ticket:failed', at: 70, ticket: 'A-1' },
    ];
    const bars = buildRunTimeline(state, events, 100).segments.map((s) => `${s.lane} ${s.startMs}-${s.endMs} ${s.detail}${s.ok === false ? ' ✗' : ''}`);
    expect(bars).toContain('thread-0 20-30 A-1 implement failed ✗');
    expect(bars).toContain('waiting 30-60 A-1 backs off before a retry');
    expect(bars).toContain('thread-0 40-70 A-3 prepare'); // thread 0 was free again after the retry
    expect(bars).toContain('thread-1 60-70 A-1 implement failed ✗');
  });
});

describe('buildRunTimeline with an interruption', () => {
  const bar = (s: TimelineSegment) => `${s.lane} ${s.startMs}-${s.endMs} ${s.detail}${s.ok === false ? ' ✗' : ''}${s.interrupted ? ' ⏸' : ''}`;

  test('draws the steps Ctrl-C cut short as interrupted, and a real failure as failed', () => {
    const { state } = finishedRun();
    // As the runner writes it: the stopped implement ends with ok:false and no ticket:failed follows.
    const events: TimelineEvent[] = [
      { type: 'run:start', at: 0 },
      { type: 'ticket:start', at: 10, ticket: 'A-1' },
      { type: 'ticket:start', at: 10, ticket: 'A-2' },
      { type: 'step:end', at: 20, ticket: 'A-1', step: 'prepare', ok: true, created: true },
      { type: 'step:start', at: 20, ticket: 'A-1', step: 'implement' },
      { type: 'step:end', at: 25, ticket: 'A-2', step: 'prepare', ok: true, created: true },
      { type: 'step:start', at: 25, ticket: 'A-2', step: 'implement' },
      { type: 'step:end', at: 40, ticket: 'A-2', step: 'implement', ok: false, detail: 'implement command exited with code 1' },
      { type: 'ticket:failed', at: 40, ticket: 'A-2', step: 'implement', reason: 'implement command exited with code 1' },
      { type: 'ticket:start', at: 50, ticket: 'A-3' },
      { type: 'step:end', at: 60, ticket: 'A-3', step: 'prepare', ok: true, created: true },
      { type: 'step:start', at: 60, ticket: 'A-3', step: 'verify' }, // its worker was gone before it could write the end
      { type: 'step:end', at: 90, ticket: 'A-1', step: 'implement', ok: false, detail: 'implement command was stopped' },
      { type: 'run:interrupted', at: 95, status: 'interrupted' },
    ];
    const steps = buildRunTimeline(state, events, 100).segments.filter((s) => s.kind === 'step');
    expect(steps.map(bar)).toEqual([
      'thread-0 10-20 A-1 prepare',
      'thread-1 10-25 A-2 prepare',
      'thread-0 20-90 A-1 implement interrupted ⏸',
      'thread-1 25-40 A-2 implement failed ✗',
      'thread-1 50-60 A-3 prepare',
      'thread-1 60-95 A-3 verify interrupted ⏸',
    ]);
    expect(steps.filter((s) => s.interrupted).every((s) => s.ok === undefined)).toBe(true);
  });

  test('ends the steps of a runner killed without a word where it stopped, when the run is resumed', () => {
    const { state } = finishedRun();
    state.pauses = [{ from: 70, to: 500 }]; // the last save before the kill, and the resume
    const events: TimelineEvent[] = [
      { type: 'run:start', at: 0 },
      { type: 'ticket:start', at: 10, ticket: 'A-1' },
      { type: 'step:end', at: 20, ticket: 'A-1', step: 'prepare', ok: true, created: true },
      { type: 'step:start', at: 20, ticket: 'A-1', step: 'implement' },
      { type: 'ticket:start', at: 30, ticket: 'A-2' },
      { type: 'step:end', at: 40, ticket: 'A-2', step: 'prepare', ok: true, created: true },
      { type: 'step:start', at: 40, ticket: 'A-2', step: 'implement' },
      { type: 'step:end', at: 60, ticket: 'A-2', step: 'implement', ok: false, detail: 'implement command was killed by SIGKILL' },
      { type: 'run:recovered', at: 505, locks: ['.git/worktrees/a-1/index.lock'] }, // written by the resume
      { type: 'run:start', at: 510 },
      { type: 'ticket:start', at: 520, ticket: 'A-1' },
      { type: 'step:start', at: 600, ticket: 'A-1', step: 'implement' },
      { type: 'step:end', at: 700, ticket: 'A-1', step: 'implement', ok: true },
    ];
    const steps = buildRunTimeline(state, events, 800).segments.filter((s) => s.kind === 'step').map(bar);
    expect(steps).toContain('thread-0 20-70 A-1 implement interrupted ⏸');
    expect(steps).toContain('thread-1 40-60 A-2 implement interrupted ⏸');
    expect(steps).toContain('thread-0 600-700 A-1 implement');
  });
});

describe('buildRunTimeline of a resumed run', () => {
  test('draws prepare only where it ran: not again for a ticket prepared before the interruption (regression: prepare spanned the resumed segment)', () => {
    const { state, events } = resumedRun();
    const prepares = buildRunTimeline(state, events, 7000).segments.filter((s) => s.step === 'prepare');
    expect(prepares.map((s) => `${s.ticket} ${s.startMs}-${s.endMs}`)).toEqual(['A-1 4-76', 'A-2 5618-5690']);
  });

  test('draws no wait over the time the run was stopped, and shows that time as a pause', () => {
    const { state, events } = resumedRun();
    events.splice(1, 0, { type: 'run:waiting', at: 1000, reason: 'cpu 95% > 80%' });
    const timeline = buildRunTimeline(state, events, 7000);
    expect(timeline.pauses).toEqual([{ startMs: 2001, endMs: 5488 }]);
    const waits = timeline.segments.filter((s) => s.kind === 'wait').map((s) => `${s.startMs}-${s.endMs} ${s.detail}`);
    expect(waits).toEqual([
      '0-4 A-1 waits to start (a free thread, resources, start-up)',
      '0-2001 A-2 waits for A-1 (file conflict)',
      '1000-1999 run waits: cpu 95% > 80%',
      '5488-5618 A-2 waits for A-1 (file conflict)',
      '6764-6773 A-1 waits for the merge train',
    ]);
  });

  test('takes the pause from the events of a run whose state recorded none', () => {
    const { state, events } = resumedRun();
    delete state.pauses;
    expect(buildRunTimeline(state, events, 7000).pauses).toEqual([{ startMs: 1999, endMs: 5576 }]);
  });

  test('prepares again a ticket that failed at prepare, when it is retried', () => {
    const { state } = finishedRun();
    const events: TimelineEvent[] = [
      { type: 'run:start', at: 0 },
      { type: 'ticket:start', at: 10, ticket: 'A-1' },
      { type: 'step:end', at: 20, ticket: 'A-1', step: 'prepare', ok: true, created: true },
      { type: 'step:start', at: 20, ticket: 'A-1', step: 'implement' },
      { type: 'run:interrupted', at: 30, status: 'interrupted' },
      { type: 'run:start', at: 100 }, // nx-tickets resume: recovering the worktree fails, reported as prepare
      { type: 'ticket:start', at: 110, ticket: 'A-1' },
      { type: 'ticket:failed', at: 120, ticket: 'A-1', step: 'prepare', reason: 'git worktree is locked' },
      { type: 'run:end', at: 120, status: 'finished' },
      { type: 'run:start', at: 200 }, // nx-tickets retry A-1: prepare runs again
      { type: 'ticket:start', at: 210, ticket: 'A-1' },
      { type: 'step:end', at: 230, ticket: 'A-1', step: 'prepare', ok: true, created: false },
    ];
    const prepares = buildRunTimeline(state, events, 300).segments.filter((s) => s.step === 'prepare');
    expect(prepares.map((s) => `${s.ticket} ${s.startMs}-${s.endMs}${s.ok === false ? ' ✗' : ''}`)).toEqual(['A-1 10-20', 'A-1 110-120 ✗', 'A-1 210-230']);
  });
});

describe('buildRunReport', () => {
  test('compares predicted and actual files and reads verification tasks with cache hits from the log', () => {
    const { state, events, plan } = finishedRun();
    const verify = '> nx run auth:test [local cache]\n> nx run web:test\n\n NX   Successfully ran target test for 2 projects\n';
    const report = buildRunReport({ state, events, plan, now: 1000, logs: { 'A-1': [{ step: 'verify', text: verify }, { step: 'implement', text: 'done\n' }] } });
    const a1 = report.tickets[0];
    expect(a1).toMatchObject({ key: 'A-1', title: EVIL, points: 3, projects: ['auth'], unpredicted: [], untouched: [], durationMs: 300 });
    expect(a1?.verification).toMatchObject({ cacheHits: 1, tasks: [{ id: 'auth:test', cached: true }, { id: 'web:test', cached: false }] });
    expect(a1?.logs.map((l) => l.step)).toEqual(['implement', 'verify']);
    expect(report.tickets.find((t) => t.key === 'A-3')).toMatchObject({ unpredicted: ['libs/ui/src/button.tsx'], untouched: [] });
    expect(report.graph.edges).toContainEqual({ before: 'A-1', after: 'A-2', kind: 'file', conflict: true, unplanned: false, items: ['libs/auth/src/login.ts'] });
    expect(report.summary.counts.merged).toBe(3);
  });
});

describe('formatReportHtml', () => {
  test('escapes ticket text everywhere and keeps the data block and libraries from closing their script', () => {
    const { state, events, plan } = finishedRun();
    state.tickets['A-2']!.error = { step: 'verify', message: '</script><script>alert(2)</script>' };
    const report = buildRunReport({ state, events, plan, now: 1000, logs: { 'A-1': [{ step: 'implement', text: `${EVIL}\n` }] } });
    const html = formatReportHtml(report, { visTimeline: 'var vis = "</script>";', cytoscape: 'var cytoscape = 1;' }, 1000);
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('var vis = "<\\/script>";');
    const dataBlock = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
    expect(JSON.parse(dataBlock?.[1] ?? 'null').graph.nodes[0].title).toBe(EVIL);
    expect(html.match(/<script/g)).toHaveLength(4);
    expect(html).toContain('content="default-src &#39;none&#39;;');
  });

  test('draws interrupted steps and the time the run was stopped apart from failures', () => {
    const { state, events } = resumedRun();
    const report = buildRunReport({ state, events, now: 7000 });
    const html = formatReportHtml(report, { visTimeline: '', cytoscape: '' }, 7000);
    expect(html).toContain('<span><i class="step-failed"></i>failed</span><span><i class="step-interrupted"></i>interrupted</span><span><i class="paused"></i>run stopped (until resumed or retried)</span>');
    const dataBlock = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
    const timeline = JSON.parse(dataBlock?.[1] ?? 'null').timeline as RunTimeline;
    expect(timeline.pauses).toEqual([{ startMs: 2001, endMs: 5488 }]);
    expect(timeline.segments.find((s) => s.interrupted)).toMatchObject({ ticket: 'A-1', step: 'implement', detail: 'A-1 implement interrupted' });
  });
});

describe('parseVerifyLog and tailLog', () => {
  test('reads tasks from nx output with colours, and keeps the last lines of a long log', () => {
    expect(parseVerifyLog('\u001b[1m> nx run ui:lint\u001b[22m  [existing outputs match the cache, left as is]\n> nx run ui:build\n')).toEqual([{ id: 'ui:lint', cached: true }, { id: 'ui:build', cached: false }]);
    const long = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    expect(tailLog(long, 3)).toEqual({ text: 'line 97\nline 98\nline 99', truncated: true });
    expect(tailLog('short\n')).toEqual({ text: 'short', truncated: false });
  });
});
