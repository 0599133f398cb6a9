import type { HistoryEntry } from './history-entry.js';
import { latestEntries } from './history-entry.js';

/** A duration learned from history: the median of `samples` actual durations, minutes (≥ 1). */
export interface LearnedDuration {
  minutes: number;
  samples: number;
}

/**
 * Durations learned from past runs, keyed by a ticket's project set (sorted project names joined
 * with `,`) and by ticket type.
 */
export interface LearnedEstimates {
  byProjects: Record<string, LearnedDuration>;
  byType: Record<string, LearnedDuration>;
}

/** Which learned duration applies to a ticket, and why. */
export interface LearnedEstimate extends LearnedDuration {
  /** `projects`: tickets that touched the same project set; `type`: tickets of the same type. */
  by: 'projects' | 'type';
  /** The project set (`web,avatar`) or the type. */
  value: string;
}

const STARTED_AND_BUILT = new Set(['built', 'merging', 'merged', 'conflict']);

/**
 * Learn durations from history (pure): the median actual duration (start to built) of the tickets
 * that got built, per project set and per type; a run appears once (its latest line).
 *
 * @param minSamples tickets needed before a duration counts (default 1).
 */
export function learnEstimates(entries: readonly HistoryEntry[], minSamples = 1): LearnedEstimates {
  const byProjects = new Map<string, number[]>();
  const byType = new Map<string, number[]>();
  for (const entry of latestEntries(entries)) {
    for (const t of entry.tickets) {
      if (!STARTED_AND_BUILT.has(t.status) || !(t.durationMs > 0)) continue;
      if (t.projects.length > 0) push(byProjects, projectSetKey(t.projects), t.durationMs);
      push(byType, t.type, t.durationMs);
    }
  }
  const learned = (samples: Map<string, number[]>) =>
    Object.fromEntries([...samples].filter(([, list]) => list.length >= minSamples).map(([key, list]) => [key, { minutes: Math.max(1, Math.round(median(list) / 60_000)), samples: list.length }]));
  return { byProjects: learned(byProjects), byType: learned(byType) };
}

/** The learned duration for a ticket without its own estimate: its project set first, else its type. */
export function findLearnedEstimate(learned: LearnedEstimates, projects: readonly string[], type: string): LearnedEstimate | undefined {
  const set = projects.length > 0 ? projectSetKey(projects) : undefined;
  const byProjects = set === undefined ? undefined : learned.byProjects[set];
  if (set !== undefined && byProjects) return { ...byProjects, by: 'projects', value: set };
  const byType = learned.byType[type];
  return byType ? { ...byType, by: 'type', value: type } : undefined;
}

/** A project set as a key: sorted names joined with `,`. */
export function projectSetKey(projects: readonly string[]): string {
  return [...projects].sort().join(',');
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
