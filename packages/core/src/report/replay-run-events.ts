import type { StepName } from '../run/run-state.js';
import type { TimelineEvent, TimelineSegment } from './build-timeline.js';

const CLOSING = new Set(['ticket:built', 'ticket:failed', 'ticket:retry', 'ticket:merged', 'ticket:conflict', 'merge:held', 'ticket:blocked']);

/** How a bar ended: passed, failed, cut short by the run's interruption, or not known (still running, held). */
type Outcome = boolean | 'interrupted' | undefined;

interface OpenBar {
  step: StepName;
  at: number;
  lane: string;
  reverify: boolean;
  /** A resumed start's bar: drawn only when the ticket fails before its next step starts. */
  tentative?: boolean;
}

/**
 * Replays a run's events in time order into timeline bars: the steps of each ticket (on the pool
 * thread it had, by the runner's lowest-free-thread rule; merges and re-verifications on the merge
 * train), back-offs before a retry, waits for the merge train and run-wide `run:waiting` periods.
 * What it learns on the way — first start, first built, merge time per ticket — is kept for the
 * waits before each ticket's start.
 *
 * A run stopped by Ctrl-C, SIGTERM or SIGHUP ends with `run:interrupted`; a runner killed outright
 * writes nothing, and its next segment (after `resume`) begins with another `run:start`. Either way
 * what was running then was interrupted, not failed: bars still open are closed as interrupted, and
 * so is a step that ended with `ok: false` (a stopped command) that no `ticket:failed` or
 * `ticket:retry` followed — the runner writes neither for a ticket whose run was stopped.
 *
 * `ticket:start` opens the prepare bar, which its `step:end` closes. A ticket started again after
 * its prepare passed (a resumed or retried run) keeps its worktree and prepares nothing: no prepare
 * bar, unless it fails before its next step starts (recovering the worktree failed, which the runner
 * reports as a failed prepare, and which `retry` prepares again).
 */
export class RunEventReplay {
  readonly segments: TimelineSegment[] = [];
  readonly firstStart = new Map<string, number>();
  readonly firstBuilt = new Map<string, number>();
  readonly merged = new Map<string, number>();
  /** Highest thread index seen (at least the run's threads − 1). */
  maxThread: number;
  private readonly open = new Map<string, OpenBar>();
  private readonly threadOf = new Map<string, number>();
  private readonly requeued = new Map<string, number>();
  /** Tickets whose prepare step passed: a later start (resume, retry) does not prepare them again. */
  private readonly prepared = new Set<string>();
  /** Steps that ended with `ok: false`, by ticket, until a failure, a retry or an interruption says why. */
  private readonly unsettled = new Map<string, Array<{ bar: OpenBar; at: number }>>();
  private runWait: { at: number; reason: string } | undefined;
  /** When the current segment of the run (its latest `run:start`) began. */
  private segmentStart: number | undefined;
  private lastAt: number | undefined;

  /**
   * @param threads the run's pool threads.
   * @param pauseStarts when the run was last saved before each of its pauses (`RunState.pauses`):
   *   a killed runner's bars end there.
   */
  constructor(threads: number, private readonly pauseStarts: readonly number[] = []) {
    this.maxThread = threads - 1;
  }

  /** Take one event (events must come in time order). */
  apply(e: TimelineEvent): void {
    const lastAt = this.lastAt ?? e.at;
    this.lastAt = e.at;
    const key = e.ticket;
    if (e.type === 'run:waiting') return this.startRunWait(e.at, String(e.reason ?? 'resource limits'));
    if (e.type === 'run:interrupted') return this.interrupt(e.at);
    if (e.type === 'run:start') return this.startSegment(e.at, lastAt);
    if (key === undefined) return;
    if (e.type === 'ticket:start') this.startTicket(key, e.at);
    else if (e.type === 'step:start' && typeof e.step === 'string') this.startStep(key, e.step as StepName, e.at, e.reverify === true);
    else if (e.type === 'step:end' && typeof e.step === 'string') this.endStep(key, e.step, e.at, e.ok === true);
    else if (CLOSING.has(e.type)) this.closeTicket(key, e.type, e.at, e.step);
  }

  /**
   * Close what is still open at the end of the run (`undefined` outcome: unfinished). A step that
   * ended with `ok: false` and nothing after it stays failed: the run is still going on.
   */
  finish(runEnd: number): void {
    for (const key of [...this.unsettled.keys()]) this.settle(key, false);
    for (const id of [...this.open.keys()]) this.close(id.split('\u0000')[0] as string, runEnd, undefined);
    this.endRunWait(runEnd);
  }

  private startRunWait(at: number, reason: string): void {
    this.endRunWait(at);
    this.runWait = { at, reason };
  }

  private endRunWait(at: number): void {
    if (!this.runWait) return;
    const { at: from, reason } = this.runWait;
    this.segments.push({ kind: 'wait', lane: 'waiting', reason: 'resources', detail: `run waits: ${reason}`, startMs: from, endMs: Math.max(from, at) });
    this.runWait = undefined;
  }

  /** Nothing runs after an interruption: a resumed run starts its tickets again. */
  private interrupt(at: number): void {
    for (const key of [...this.unsettled.keys()]) this.settle(key, 'interrupted');
    for (const id of [...this.open.keys()]) this.close(id.split('\u0000')[0] as string, at, 'interrupted');
    this.endRunWait(at);
    this.threadOf.clear();
  }

  /**
   * A `run:start` after the first begins a resumed segment: what the last one left open was
   * interrupted where it stopped — its last save before the pause, else its last event (events the
   * resume writes before its `run:start` come later than the stop).
   */
  private startSegment(at: number, lastAt: number): void {
    const since = this.segmentStart;
    if (since !== undefined) {
      const stops = this.pauseStarts.filter((from) => from > since && from <= at);
      this.interrupt(stops.length > 0 ? Math.max(...stops) : lastAt);
    }
    this.segmentStart = at;
  }

  /** Record the steps of `key` that ended with `ok: false` as `outcome`. */
  private settle(key: string, outcome: false | 'interrupted'): void {
    for (const { bar, at } of this.unsettled.get(key) ?? []) this.segments.push(this.bar(key, bar, at, outcome));
    this.unsettled.delete(key);
  }

  private startTicket(key: string, at: number): void {
    this.endRunWait(at);
    const busy = new Set(this.threadOf.values());
    let thread = 0;
    while (busy.has(thread)) thread += 1;
    this.threadOf.set(key, thread);
    this.maxThread = Math.max(this.maxThread, thread);
    if (!this.firstStart.has(key)) this.firstStart.set(key, at);
    const since = this.requeued.get(key);
    if (since !== undefined) this.segments.push({ ticket: key, kind: 'wait', lane: 'waiting', reason: 'resources', detail: `${key} backs off before a retry`, startMs: since, endMs: at });
    this.requeued.delete(key);
    this.openStep(key, 'prepare', at, false, this.prepared.has(key));
  }

  private startStep(key: string, step: StepName, at: number, reverify: boolean): void {
    const built = this.firstBuilt.get(key);
    if (step === 'merge' && built !== undefined && !this.segments.some((s) => s.ticket === key && s.reason === 'merge-train')) {
      this.segments.push({ ticket: key, kind: 'wait', lane: 'waiting', reason: 'merge-train', detail: `${key} waits for the merge train`, startMs: built, endMs: at });
    }
    if (step === 'prepare') return;
    if (this.open.get(`${key}\u0000prepare`)?.tentative) this.open.delete(`${key}\u0000prepare`); // a resumed start prepared nothing
    this.openStep(key, step, at, reverify);
  }

  private endStep(key: string, step: string, at: number, ok: boolean): void {
    const id = `${key}\u0000${step}`;
    const bar = this.open.get(id);
    if (!bar) return;
    this.open.delete(id);
    if (step === 'prepare' && ok) this.prepared.add(key);
    if (ok) this.segments.push(this.bar(key, bar, at, true));
    else this.unsettled.set(key, [...(this.unsettled.get(key) ?? []), { bar, at }]);
  }

  private closeTicket(key: string, type: string, at: number, step: string | undefined): void {
    this.settle(key, false);
    // `retry` prepares again a ticket that failed at prepare.
    if (type === 'ticket:failed' && step === 'prepare') this.prepared.delete(key);
    this.close(key, at, type === 'ticket:merged' || type === 'ticket:built' ? true : type === 'merge:held' ? undefined : false);
    // A ticket gives its thread back when it leaves `running`: built, failed, re-queued or blocked.
    if (type !== 'merge:held' && type !== 'ticket:merged' && type !== 'ticket:conflict') this.threadOf.delete(key);
    if (type === 'ticket:built' && !this.firstBuilt.has(key)) this.firstBuilt.set(key, at);
    if (type === 'ticket:merged') this.merged.set(key, at);
    if (type === 'ticket:retry') this.requeued.set(key, at);
  }

  private openStep(key: string, step: StepName, at: number, reverify: boolean, tentative = false): void {
    const lane = step === 'merge' || reverify ? 'merge-train' : `thread-${this.threadOf.get(key) ?? 0}`;
    this.open.set(`${key}\u0000${step}`, { step, at, lane, reverify, ...(tentative ? { tentative } : {}) });
  }

  private close(key: string, at: number, outcome: Outcome): void {
    for (const [id, bar] of [...this.open]) {
      if (!id.startsWith(`${key}\u0000`)) continue;
      this.open.delete(id);
      if (bar.tentative && outcome !== false) continue;
      this.segments.push(this.bar(key, bar, at, outcome));
    }
  }

  private bar(key: string, bar: OpenBar, at: number, outcome: Outcome): TimelineSegment {
    const how = outcome === false ? ' failed' : outcome === 'interrupted' ? ' interrupted' : '';
    const detail = `${key} ${bar.step}${bar.reverify ? ' (again, after rebase)' : ''}${how}`;
    const result = outcome === 'interrupted' ? { interrupted: true as const } : outcome === undefined ? {} : { ok: outcome };
    return { ticket: key, kind: 'step', lane: bar.lane, step: bar.step, ...(bar.reverify ? { reverify: true } : {}), ...result, detail, startMs: bar.at, endMs: Math.max(bar.at, at) };
  }
}
