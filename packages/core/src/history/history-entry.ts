import type { EstimateSource, Plan } from '../planning/plan.js';
import type { RunState, TicketRunStatus } from '../run/run-state.js';
import { summarizeRun } from '../run/summarize-run.js';
import type { Ticket } from '../tickets/ticket.js';

/** One ticket of a {@link HistoryEntry}. */
export interface HistoryTicket {
  key: string;
  status: TicketRunStatus;
  /** `feature`, `bug`, … (`task` when unknown). */
  type: string;
  points?: number;
  /** Owning projects from the plan, sorted. */
  projects: string[];
  /** The estimate the run was planned with, minutes, and where it came from. */
  estimateMinutes: number;
  estimateSource: EstimateSource | 'unknown';
  /** From its start to built (or to its failure), ms; 0 when it never started or was merged by another run. */
  durationMs: number;
  /**
   * Merged by another run while this one was interrupted (status `merged`): counted under the run
   * that merged it, not under this one.
   */
  mergedElsewhere?: true;
}

/**
 * One line of `.nx/tickets/history.jsonl`, written when a run finishes (again after a `retry` or
 * `resume` finishes it: the latest line of a run id wins). Times are ms since the epoch.
 */
export interface HistoryEntry {
  version: 1;
  runId: string;
  base: string;
  /** First ticket start (the run's creation when nothing started). */
  startedAt: number;
  /** Last ticket finish. */
  endedAt: number;
  /** Worker threads of the run. */
  threads: number;
  tickets: HistoryTicket[];
  /** Overlaps between the run's tickets (`dependsOn` links left out). */
  overlaps: { planned: number; plannedConflicts: number; unplanned: number };
  /** The plan's estimate, minutes: the simulated makespan and the sum of all estimates. */
  estimate: { parallelMinutes: number; sequentialMinutes: number };
  /** Actual: first start to last finish, ms. */
  makespanMs: number;
  /** Actual: the sum of the tickets' durations (running them one by one), ms. */
  sequentialMs: number;
  /** Busy thread time ÷ (makespan × threads), 0..1. */
  utilization: number;
}

/** Input of {@link buildHistoryEntry}. */
export interface BuildHistoryEntryInput {
  state: RunState;
  /** The plan the run started from (projects, types, points, estimate sources), when kept. */
  plan?: Plan;
  /** The run's tickets (`tickets.json`), used when the plan is missing. */
  tickets?: ReadonlyMap<string, Ticket>;
  /** Clock reading, ms since the epoch. */
  now: number;
}

/**
 * The history line of a run (pure): per-ticket outcome and duration plus the run's metrics. The
 * tickets another run merged (`mergedElsewhere`) are listed, flagged, and left out of the times:
 * that run did their work.
 */
export function buildHistoryEntry(input: BuildHistoryEntryInput): HistoryEntry {
  const { plan } = input;
  const state = withoutMergedElsewhere(input.state);
  const summary = summarizeRun(state, input.now);
  const planned = new Map((plan?.tickets ?? []).map((t) => [t.key, t]));
  const durations = new Map(summary.rows.map((r) => [r.key, r.durationMs]));
  const tickets = input.state.order.flatMap((key): HistoryTicket[] => {
    const t = input.state.tickets[key];
    if (!t) return [];
    const p = planned.get(key);
    const source = input.tickets?.get(key);
    const points = p?.points ?? source?.points;
    return [{
      key,
      status: t.status,
      type: p?.type ?? source?.type ?? 'task',
      ...(points === undefined ? {} : { points }),
      projects: [...(p?.projects ?? source?.projects ?? [])].sort(),
      estimateMinutes: t.estimateMinutes,
      estimateSource: p?.estimateSource ?? 'unknown',
      durationMs: durations.get(key) ?? 0,
      ...(t.mergedElsewhere ? { mergedElsewhere: true as const } : {}),
    }];
  });
  const starts = Object.values(state.tickets).flatMap((t) => (t.startedAt === undefined ? [] : [t.startedAt]));
  const startedAt = starts.length > 0 ? Math.min(...starts) : state.createdAt;
  const relations = state.relations.filter((r) => r.kind !== 'link');
  return {
    version: 1,
    runId: state.runId,
    base: state.base,
    startedAt,
    endedAt: startedAt + summary.wallMs,
    threads: state.limits.maxThreads,
    tickets,
    overlaps: {
      planned: relations.filter((r) => !r.unplanned).length,
      plannedConflicts: summary.conflicts.planned,
      unplanned: summary.conflicts.unplanned,
    },
    estimate: {
      parallelMinutes: plan?.estimate.parallelMinutes ?? 0,
      sequentialMinutes: plan?.estimate.sequentialMinutes ?? tickets.reduce((sum, t) => sum + t.estimateMinutes, 0),
    },
    makespanMs: summary.wallMs,
    sequentialMs: summary.sequentialMs,
    utilization: summary.utilization,
  };
}

/** The run's state without the tickets another run merged (for its times). */
function withoutMergedElsewhere(state: RunState): RunState {
  if (!Object.values(state.tickets).some((t) => t.mergedElsewhere)) return state;
  const own = state.order.filter((key) => !state.tickets[key]?.mergedElsewhere);
  return { ...state, order: own, tickets: Object.fromEntries(own.flatMap((key) => (state.tickets[key] ? [[key, state.tickets[key]]] : []))) };
}

/** The latest entry of each run id, oldest run first (a retried run appends a second line). */
export function latestEntries(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const byRun = new Map<string, HistoryEntry>();
  for (const entry of entries) byRun.set(entry.runId, entry);
  return [...byRun.values()].sort((a, b) => a.startedAt - b.startedAt || a.runId.localeCompare(b.runId));
}
