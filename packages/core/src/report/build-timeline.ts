import type { RunState, StepName } from '../run/run-state.js';

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
  /** For `step` segments: `true` passed, `false` failed, `undefined` still running or interrupted. */
  ok?: boolean;
  /** For `wait` segments. */
  reason?: WaitReason;
  /** One line for people: `waits for DEMO-1 (file conflict)`, `cpu 86% > 80%`. */
  detail: string;
  startMs: number;
  endMs: number;
}

/** A run's timeline: lanes (pool threads, the merge train, waits) and the bars on them. */
export interface RunTimeline {
  startMs: number;
  endMs: number;
  lanes: Array<{ id: string; label: string }>;
  segments: TimelineSegment[];
}

const WORKER_STEPS = new Set<string>(['prepare', 'implement', 'verify', 'commit', 'push', 'pr']);
const CLOSING = new Set(['ticket:built', 'ticket:failed', 'ticket:retry', 'ticket:merged', 'ticket:conflict', 'merge:held', 'ticket:blocked']);

/**
 * Build the timeline of a run from its state and event log (pure). Steps come from
 * `ticket:start` (prepare), `step:start`/`step:end` pairs and the merge events; each ticket's worker
 * steps are placed on the pool thread it had (replaying the runner's lowest-free-thread rule), the
 * merge step and re-verifications on the merge train. Waits: before a ticket's first start, split
 * by what it was still waiting for — a `dependsOn` ticket to be built (`dependency`), a conflicting
 * ticket before it to be merged (`conflict`), else a free thread or resource (`resources`); between
 * `ticket:built` and its merge (`merge-train`); run-wide `run:waiting` (resource limits) until the
 * next start.
 *
 * @param now closes bars still open (a running or interrupted run), ms since the epoch.
 */
export function buildRunTimeline(state: RunState, events: readonly TimelineEvent[], now: number): RunTimeline {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const runStart = sorted.find((e) => e.type === 'run:start')?.at ?? state.createdAt;
  const runEnd = Math.max(runStart, sorted.at(-1)?.at ?? state.updatedAt, state.status === 'running' ? now : 0);
  const segments: TimelineSegment[] = [];
  const open = new Map<string, { step: StepName; at: number; lane: string; reverify: boolean }>();
  const threadOf = new Map<string, number>();
  const firstStart = new Map<string, number>();
  const firstBuilt = new Map<string, number>();
  const merged = new Map<string, number>();
  const requeued = new Map<string, number>();
  let maxThread = state.limits.maxThreads - 1;
  let runWait: { at: number; reason: string } | undefined;

  const close = (ticket: string, at: number, ok: boolean | undefined) => {
    for (const [id, bar] of [...open]) {
      if (!id.startsWith(`${ticket}\u0000`)) continue;
      open.delete(id);
      segments.push({ ticket, kind: 'step', lane: bar.lane, step: bar.step, ...(bar.reverify ? { reverify: true } : {}), ...(ok === undefined ? {} : { ok }), detail: `${ticket} ${bar.step}${bar.reverify ? ' (again, after rebase)' : ''}`, startMs: bar.at, endMs: Math.max(bar.at, at) });
    }
  };
  const openStep = (ticket: string, step: StepName, at: number, reverify: boolean) => {
    const lane = step === 'merge' || reverify ? 'merge-train' : `thread-${threadOf.get(ticket) ?? 0}`;
    open.set(`${ticket}\u0000${step}`, { step, at, lane, reverify });
  };

  for (const e of sorted) {
    const key = e.ticket;
    if (e.type === 'run:waiting') {
      if (runWait) segments.push(runWaitSegment(runWait, e.at));
      runWait = { at: e.at, reason: String(e.reason ?? 'resource limits') };
      continue;
    }
    if (e.type === 'run:interrupted') {
      // Nothing runs after an interruption: a resumed run starts its tickets again.
      for (const [id] of [...open]) close(id.split('\u0000')[0] as string, e.at, undefined);
      threadOf.clear();
      continue;
    }
    if (key === undefined) continue;
    if (e.type === 'ticket:start') {
      if (runWait) segments.push(runWaitSegment(runWait, e.at));
      runWait = undefined;
      const busy = new Set(threadOf.values());
      let thread = 0;
      while (busy.has(thread)) thread += 1;
      threadOf.set(key, thread);
      maxThread = Math.max(maxThread, thread);
      if (!firstStart.has(key)) firstStart.set(key, e.at);
      const since = requeued.get(key);
      if (since !== undefined) segments.push({ ticket: key, kind: 'wait', lane: 'waiting', reason: 'resources', detail: `${key} backs off before a retry`, startMs: since, endMs: e.at });
      requeued.delete(key);
      openStep(key, 'prepare', e.at, false);
    } else if (e.type === 'step:start' && typeof e.step === 'string') {
      if (e.step === 'merge') {
        const built = firstBuilt.get(key);
        if (built !== undefined && !segments.some((s) => s.ticket === key && s.reason === 'merge-train')) {
          segments.push({ ticket: key, kind: 'wait', lane: 'waiting', reason: 'merge-train', detail: `${key} waits for the merge train`, startMs: built, endMs: e.at });
        }
      }
      if (e.step !== 'prepare') openStep(key, e.step as StepName, e.at, e.reverify === true);
    } else if (e.type === 'step:end' && typeof e.step === 'string') {
      const bar = open.get(`${key}\u0000${e.step}`);
      if (bar) {
        open.delete(`${key}\u0000${e.step}`);
        segments.push({ ticket: key, kind: 'step', lane: bar.lane, step: bar.step, ...(bar.reverify ? { reverify: true } : {}), ok: e.ok === true, detail: `${key} ${bar.step}${bar.reverify ? ' (again, after rebase)' : ''}${e.ok === true ? '' : ' failed'}`, startMs: bar.at, endMs: Math.max(bar.at, e.at) });
      }
    } else if (CLOSING.has(e.type)) {
      close(key, e.at, e.type === 'ticket:merged' || e.type === 'ticket:built' ? true : e.type === 'merge:held' ? undefined : false);
      if (e.type !== 'merge:held' && e.type !== 'ticket:merged' && e.type !== 'ticket:conflict') threadOf.delete(key);
      if (e.type === 'ticket:built' && !firstBuilt.has(key)) firstBuilt.set(key, e.at);
      if (e.type === 'ticket:merged') merged.set(key, e.at);
      if (e.type === 'ticket:retry') requeued.set(key, e.at);
    }
  }
  for (const [id] of [...open]) close(id.split('\u0000')[0] as string, runEnd, undefined);
  if (runWait) segments.push(runWaitSegment(runWait, runEnd));
  for (const key of state.order) segments.push(...waitsBeforeStart(state, key, runStart, firstStart.get(key), firstBuilt, merged));
  const lanes = Array.from({ length: maxThread + 1 }, (_, i) => ({ id: `thread-${i}`, label: `thread ${i + 1}` }));
  lanes.push({ id: 'merge-train', label: 'merge train' }, { id: 'waiting', label: 'waiting' });
  segments.sort((a, b) => a.startMs - b.startMs || a.lane.localeCompare(b.lane));
  return { startMs: runStart, endMs: runEnd, lanes, segments };
}

function runWaitSegment(wait: { at: number; reason: string }, end: number): TimelineSegment {
  return { kind: 'wait', lane: 'waiting', reason: 'resources', detail: `run waits: ${wait.reason}`, startMs: wait.at, endMs: Math.max(wait.at, end) };
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
