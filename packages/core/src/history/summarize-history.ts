import { latestEntries, type HistoryEntry } from './history-entry.js';

/** Metrics of one run, from its history line. Durations in ms; ratios 0..1. */
export interface RunMetrics {
  runId: string;
  startedAt: number;
  endedAt: number;
  /** The run's tickets, less those another run merged. */
  tickets: number;
  merged: number;
  /** Tickets of the run merged by another run while it was interrupted (counted under that run). */
  mergedElsewhere: number;
  successRate: number;
  /** Points of the merged tickets. */
  points: number;
  threads: number;
  makespanMs: number;
  sequentialMs: number;
  /** Sequential minus makespan (not below 0), and that as a share of sequential. */
  savedMs: number;
  savedRatio: number;
  utilization: number;
  conflicts: { planned: number; unplanned: number };
  /** The plan's estimate, minutes. */
  estimate: { parallelMinutes: number; sequentialMinutes: number };
}

/** One calendar day (UTC) of merged work. */
export interface DayMetrics {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  runs: number;
  merged: number;
  points: number;
}

/** Metrics per run and over time. */
export interface HistoryMetrics {
  runs: RunMetrics[];
  total: {
    runs: number;
    tickets: number;
    merged: number;
    successRate: number;
    makespanMs: number;
    sequentialMs: number;
    savedMs: number;
    /** Busy thread time ÷ the threads' time over all runs, 0..1. */
    utilization: number;
    /** Conflicts per run, planned (overlaps that forced an order) and unplanned (found after a commit). */
    conflictsPerRun: { planned: number; unplanned: number };
    /** Share of runs with at least one unplanned overlap, 0..1. */
    runsWithUnplanned: number;
    /** Merged tickets and their points per calendar day, over the days from the first run to the last. */
    velocity: { days: number; ticketsPerDay: number; pointsPerDay: number };
  };
  /** Days with runs, oldest first. */
  byDay: DayMetrics[];
}

/** Summarise the history (pure): one row per run (its latest line) and totals over time. */
export function summarizeHistory(entries: readonly HistoryEntry[]): HistoryMetrics {
  const runs = latestEntries(entries).map(toRunMetrics);
  const sum = (pick: (r: RunMetrics) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const tickets = sum((r) => r.tickets);
  const merged = sum((r) => r.merged);
  const threadTime = sum((r) => r.makespanMs * r.threads);
  const byDay = new Map<string, DayMetrics>();
  for (const r of runs) {
    const day = new Date(r.endedAt).toISOString().slice(0, 10);
    const d = byDay.get(day) ?? { day, runs: 0, merged: 0, points: 0 };
    d.runs += 1;
    d.merged += r.merged;
    d.points += r.points;
    byDay.set(day, d);
  }
  const days = runs.length === 0 ? 0 : daysBetween(runs[0]!.endedAt, Math.max(...runs.map((r) => r.endedAt)));
  const sequentialMs = sum((r) => r.sequentialMs);
  const makespanMs = sum((r) => r.makespanMs);
  return {
    runs,
    total: {
      runs: runs.length,
      tickets,
      merged,
      successRate: tickets === 0 ? 0 : merged / tickets,
      makespanMs,
      sequentialMs,
      savedMs: sum((r) => r.savedMs),
      utilization: threadTime === 0 ? 0 : Math.min(1, sum((r) => r.utilization * r.makespanMs * r.threads) / threadTime),
      conflictsPerRun: { planned: per(sum((r) => r.conflicts.planned), runs.length), unplanned: per(sum((r) => r.conflicts.unplanned), runs.length) },
      runsWithUnplanned: per(runs.filter((r) => r.conflicts.unplanned > 0).length, runs.length),
      velocity: { days, ticketsPerDay: per(merged, days), pointsPerDay: per(sum((r) => r.points), days) },
    },
    byDay: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

function toRunMetrics(entry: HistoryEntry): RunMetrics {
  const own = entry.tickets.filter((t) => !t.mergedElsewhere);
  const merged = own.filter((t) => t.status === 'merged');
  const savedMs = Math.max(0, entry.sequentialMs - entry.makespanMs);
  return {
    runId: entry.runId,
    startedAt: entry.startedAt,
    endedAt: entry.endedAt,
    tickets: own.length,
    merged: merged.length,
    mergedElsewhere: entry.tickets.length - own.length,
    successRate: per(merged.length, own.length),
    points: merged.reduce((total, t) => total + (t.points ?? 0), 0),
    threads: entry.threads,
    makespanMs: entry.makespanMs,
    sequentialMs: entry.sequentialMs,
    savedMs,
    savedRatio: per(savedMs, entry.sequentialMs),
    utilization: entry.utilization,
    conflicts: { planned: entry.overlaps.plannedConflicts, unplanned: entry.overlaps.unplanned },
    estimate: entry.estimate,
  };
}

/** Calendar days (UTC) from the day of `from` to the day of `to`, both included. */
function daysBetween(from: number, to: number): number {
  const day = (ms: number) => Math.floor(ms / 86_400_000);
  return day(to) - day(from) + 1;
}

function per(value: number, count: number): number {
  return count === 0 ? 0 : value / count;
}
