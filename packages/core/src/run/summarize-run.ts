import { activeMs } from './active-ms.js';
import { goalStatus, type RunState, type TicketRunStatus } from './run-state.js';

/** The run's metrics, as the final summary prints them. Durations in ms. */
export interface RunSummary {
  /** From the first start to the last finish, less the pauses. */
  wallMs: number;
  /** Sum of every ticket's duration (what running them one by one would take). */
  sequentialMs: number;
  savedMs: number;
  /** Busy thread time ÷ (wall time × threads), 0..1. */
  utilization: number;
  conflicts: { planned: number; unplanned: number; setAside: number };
  counts: Record<TicketRunStatus, number>;
  /** Merged ÷ selected, 0..1 (in a shard run: built ÷ selected, as nothing is merged there). */
  successRate: number;
  /** Tickets whose verification was skipped (no targets configured). */
  unverified: string[];
  rows: Array<{ key: string; status: TicketRunStatus; durationMs: number; branch: string; mergedSha?: string; mergedElsewhere?: boolean; reason?: string }>;
}

/**
 * Compute the summary of a run from its state (pure; `now` closes unfinished durations). Durations
 * leave out the run's pauses (interrupted until resumed).
 */
export function summarizeRun(state: RunState, now: number): RunSummary {
  const tickets = state.order.map((k) => state.tickets[k]).filter((t) => t !== undefined);
  const counts = { pending: 0, running: 0, built: 0, merging: 0, merged: 0, failed: 0, blocked: 0, conflict: 0 } as Record<TicketRunStatus, number>;
  let sequentialMs = 0;
  let first = Infinity;
  let last = 0;
  const rows = tickets.map((t) => {
    counts[t.status] += 1;
    const end = t.builtAt ?? t.finishedAt ?? (t.startedAt === undefined ? undefined : now);
    const durationMs = t.startedAt === undefined || end === undefined ? 0 : activeMs(t.startedAt, end, state.pauses);
    sequentialMs += durationMs;
    if (t.startedAt !== undefined) first = Math.min(first, t.startedAt);
    last = Math.max(last, t.finishedAt ?? end ?? 0);
    return { key: t.key, status: t.status, durationMs, branch: t.branch, ...(t.mergedSha ? { mergedSha: t.mergedSha } : {}), ...(t.mergedElsewhere ? { mergedElsewhere: true } : {}), ...(t.error ? { reason: t.error.message } : {}) };
  });
  const wallMs = first === Infinity ? 0 : activeMs(first, last, state.pauses);
  return {
    wallMs,
    sequentialMs,
    savedMs: Math.max(0, sequentialMs - wallMs),
    utilization: wallMs === 0 ? 0 : Math.min(1, sequentialMs / (wallMs * state.limits.maxThreads)),
    conflicts: {
      planned: state.relations.filter((r) => r.conflict && !r.unplanned && r.kind !== 'link').length,
      unplanned: state.relations.filter((r) => r.unplanned).length,
      setAside: counts.conflict,
    },
    counts,
    successRate: tickets.length === 0 ? 1 : counts[goalStatus(state)] / tickets.length,
    unverified: tickets.filter((t) => t.verification?.skipped).map((t) => t.key),
    rows,
  };
}
