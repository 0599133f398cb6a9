import type { RunState, StepName } from '../run/run-state.js';
import { RunEventReplay } from './replay-run-events.js';

/** The part of a run event (a line of `events.jsonl`) the timeline reads. `at` is ms since the epoch. */
export interface TimelineEvent {
  type: string;
  at: number;
  ticket?: string;
  step?: string;
  ok?: boolean;
  reverify?: boolean;
  reason?: string;
  [field: string]: unknown;
}

/** Why a ticket (or the run) waited. */
export type WaitReason = 'dependency' | 'conflict' | 'resources' | 'merge-train';

/** One bar of the timeline. Times are ms since the epoch. */
export interface TimelineSegment {
  /** The ticket, or `undefined` for a wait of the whole run (`run:waiting`, resource limits). */
  ticket?: string;
  kind: 'step' | 'wait';
  /** Lane id: `thread-<n>` (0-based pool thread), `merge-train`, or `waiting`. */
  lane: string;
  /** For `step` segments. */
  step?: StepName;
  /** A verification run again by the merge train after a rebase. */
  reverify?: boolean;
  /**
   * For `step` segments: `true` passed, `false` failed (the ticket failed, or is retried), `undefined`
   * not finished — still running, held, or {@link TimelineSegment.interrupted}.
   */
  ok?: boolean;
  /**
   * For `step` segments: cut short by the run's interruption (Ctrl-C, SIGTERM, SIGHUP, a killed
   * runner); `resume` runs the step again. Not a failure.
   */
  interrupted?: true;
  /** For `wait` segments. */
  reason?: WaitReason;
  /** One line for people: `waits for DEMO-1 (file conflict)`, `cpu 86% > 80%`. */
  detail: string;
  startMs: number;
  endMs: number;
}

/** A time the run was stopped (interrupted, or finished, until resumed or retried). ms since the epoch. */
export interface TimelinePause {
  startMs: number;
  endMs: number;
}

/** A run's timeline: lanes (pool threads, the merge train, waits) and the bars on them. */
export interface RunTimeline {
  startMs: number;
  endMs: number;
  lanes: Array<{ id: string; label: string }>;
  segments: TimelineSegment[];
  /** When the run was stopped: nothing ran, and no bar covers that time. */
  pauses: TimelinePause[];
}


/**
 * Build the timeline of a run from its state and event log (pure). Steps come from
 * `ticket:start` (prepare), `step:start`/`step:end` pairs and the merge events; each ticket's worker
 * steps are placed on the pool thread it had (replaying the runner's lowest-free-thread rule), the
 * merge step and re-verifications on the merge train. Waits: before a ticket's first start, split
 * by what it was still waiting for — a `dependsOn` ticket to be built (`dependency`), a conflicting
 * ticket before it to be merged (`conflict`), else a free thread or resource (`resources`); between
 * `ticket:built` and its merge (`merge-train`); run-wide `run:waiting` (resource limits) until the
 * next start. The times the run was stopped ({@link RunTimeline.pauses}) are cut out of every
 * wait: the axis is clock time, and nothing waited while nothing ran.
 *
 * @param now closes bars still open (a running or interrupted run), ms since the epoch.
 */
export function buildRunTimeline(state: RunState, events: readonly TimelineEvent[], now: number): RunTimeline {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const runStart = sorted.find((e) => e.type === 'run:start')?.at ?? state.createdAt;
  const runEnd = Math.max(runStart, sorted.at(-1)?.at ?? state.updatedAt, state.status === 'running' ? now : 0);
  const replay = new RunEventReplay(state.limits.maxThreads, (state.pauses ?? []).map((p) => p.from));
  for (const event of sorted) replay.apply(event);
  replay.finish(runEnd);
  const segments = [...replay.segments];
  for (const key of state.order) segments.push(...waitsBeforeStart(state, key, runStart, replay.firstStart.get(key), replay.firstBuilt, replay.merged));
  const pauses = pausesOf(state, sorted);
  const lanes = Array.from({ length: replay.maxThread + 1 }, (_, i) => ({ id: `thread-${i}`, label: `thread ${i + 1}` }));
  lanes.push({ id: 'merge-train', label: 'merge train' }, { id: 'waiting', label: 'waiting' });
  const bars = segments.flatMap((s) => (s.kind === 'wait' ? outsidePauses(s, pauses) : [s]));
  bars.sort((a, b) => a.startMs - b.startMs || a.lane.localeCompare(b.lane));
  return { startMs: runStart, endMs: runEnd, lanes, segments: bars, pauses };
}

/**
 * When the run was stopped: the pauses its state recorded when it was resumed (from its last save
 * to the resume), and — for a stop the state has no pause for (a state written before pauses were
 * recorded, a run stopped before any ticket started) — from each `run:interrupted` to the next
 * `run:start`.
 */
function pausesOf(state: RunState, sorted: readonly TimelineEvent[]): TimelinePause[] {
  const pauses = (state.pauses ?? []).map((p) => ({ startMs: p.from, endMs: p.to }));
  sorted.forEach((e, i) => {
    if (e.type !== 'run:interrupted') return;
    const resumed = sorted.slice(i + 1).find((next) => next.type === 'run:start');
    if (!resumed || pauses.some((p) => p.startMs < resumed.at && p.endMs > e.at)) return;
    pauses.push({ startMs: e.at, endMs: resumed.at });
  });
  return pauses.filter((p) => p.endMs > p.startMs).sort((a, b) => a.startMs - b.startMs);
}

/** The parts of a wait outside the pauses (sorted): none, the wait itself, or its pieces. */
function outsidePauses(wait: TimelineSegment, pauses: readonly TimelinePause[]): TimelineSegment[] {
  const pieces: TimelineSegment[] = [];
  let from = wait.startMs;
  for (const pause of pauses) {
    if (pause.endMs <= from || pause.startMs >= wait.endMs) continue;
    if (pause.startMs > from) pieces.push({ ...wait, startMs: from, endMs: pause.startMs });
    from = pause.endMs;
  }
  if (from === wait.startMs) return [wait];
  if (from < wait.endMs) pieces.push({ ...wait, startMs: from, endMs: wait.endMs });
  return pieces;
}

/**
 * The waits of one ticket between the start of the run and its first start, split where a ticket
 * it waited for was released: a dependency when built, a conflicting ticket when merged.
 */
function waitsBeforeStart(state: RunState, key: string, runStart: number, start: number | undefined, built: Map<string, number>, merged: Map<string, number>): TimelineSegment[] {
  if (start === undefined || start <= runStart) return [];
  const blockers: Array<{ reason: 'dependency' | 'conflict'; on: string; until: number; kind: string }> = [];
  for (const dep of state.dependsOn[key] ?? []) blockers.push({ reason: 'dependency', on: dep, until: built.get(dep) ?? start, kind: 'dependsOn' });
  for (const r of state.relations) {
    if (r.after !== key || !r.conflict || r.unplanned || r.kind === 'link') continue;
    const other = state.tickets[r.before];
    blockers.push({ reason: 'conflict', on: r.before, until: merged.get(r.before) ?? other?.finishedAt ?? start, kind: `${r.kind} conflict` });
  }
  const cuts = [...new Set([runStart, ...blockers.map((b) => Math.min(start, Math.max(runStart, b.until))), start])].sort((a, b) => a - b);
  const pieces: TimelineSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [from, to] = [cuts[i] as number, cuts[i + 1] as number];
    if (to <= from) continue;
    const pending = blockers.filter((b) => b.until >= to);
    const deps = pending.filter((b) => b.reason === 'dependency');
    const conflicts = pending.filter((b) => b.reason === 'conflict');
    const reason: WaitReason = deps.length > 0 ? 'dependency' : conflicts.length > 0 ? 'conflict' : 'resources';
    const detail = reason === 'resources'
      ? `${key} waits to start (a free thread, resources, start-up)`
      : `${key} waits for ${(reason === 'dependency' ? deps : conflicts).map((b) => `${b.on} (${b.kind})`).join(', ')}`;
    const last = pieces.at(-1);
    if (last && last.detail === detail) last.endMs = to;
    else pieces.push({ ticket: key, kind: 'wait', lane: 'waiting', reason, detail, startMs: from, endMs: to });
  }
  return pieces;
}
