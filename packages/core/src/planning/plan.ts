/**
 * The output of planning: pure data, serialisable as the `plan --json` document (version 1).
 * Fields may be added; none are removed or renamed (the README documents this contract).
 */
import type { Priority, TicketStatus } from '../tickets/ticket.js';

/** Relation kinds between two tickets, strongest first. */
export const OVERLAP_KINDS = ['file', 'shared-file', 'project', 'dependency', 'link'] as const;
/** One of {@link OVERLAP_KINDS}. */
export type OverlapKind = (typeof OVERLAP_KINDS)[number];

/** Kinds that force an order under the default (`automatic`) policy. */
export const DEFAULT_CONFLICT_KINDS: readonly OverlapKind[] = ['file', 'shared-file', 'link'];

/** Where a ticket's estimate came from. */
export type EstimateSource = 'ticket' | 'default' | 'learned';

/** One ticket as planned. */
export interface PlannedTicket {
  key: string;
  title: string;
  type: string;
  status: TicketStatus;
  priority: Priority;
  /** The estimate used for scheduling, minutes. */
  estimateMinutes: number;
  estimateSource: EstimateSource;
  /**
   * For a `learned` estimate: the median actual duration of `samples` earlier tickets with the same
   * project set (`by: 'projects'`, `value` the sorted names joined with `,`) or type (`by: 'type'`).
   */
  learnedFrom?: { by: 'projects' | 'type'; value: string; samples: number };
  points?: number;
  dependsOn: string[];
  /** Touched files that exist in the workspace, sorted. */
  files: string[];
  /** Globs or paths that match no existing file: predicted new paths, sorted. */
  predictedPaths: string[];
  /** Owning projects of the touched files (and named projects), sorted. */
  projects: string[];
  /** Owning projects plus all their dependents in the project graph, sorted. */
  affectedProjects: string[];
  /** CODEOWNERS owners of the touched files, sorted, de-duplicated. */
  owners: string[];
  /** `unknown` when no files, projects, mentioned paths or branch diff could be found. */
  footprint: 'known' | 'unknown';
  /** The existing ticket branch whose diff was used, if any. */
  branch?: string;
  /** Set when that branch is a local one: a run checks it out instead of making a new branch. */
  localBranch?: boolean;
  /** Named resources held while running. */
  resources: Record<string, number>;
}

/** A relation between two tickets. `tickets[0]` comes first in the plan order. */
export interface Overlap {
  tickets: [string, string];
  kind: OverlapKind;
  /** Whether policy forbids running the two at the same time (the later starts from the earlier's work). */
  conflict: boolean;
  /**
   * What they share: files, shared files, projects, `a -> b` project edges, or the link. Sorted, capped.
   * Read only: `buildPlan` shares one frozen array between overlaps with the same items.
   */
  items: string[];
  /** Total number of items before capping. */
  itemCount: number;
}

/** Estimated times, minutes. */
export interface PlanEstimate {
  /** Makespan of the simulated schedule with `maxThreads` threads. */
  parallelMinutes: number;
  /** Sum of all estimates. */
  sequentialMinutes: number;
  /** Keys along the longest chain of ordered tickets (by estimate). */
  criticalPath: string[];
}

/** The simulated start and finish of one ticket, minutes from the start of the run. */
export interface ScheduledTicket {
  key: string;
  startMinutes: number;
  endMinutes: number;
  /** Simulated thread index (0-based). */
  thread: number;
}

/** Epic or sprint progress, as trackers show it. */
export interface Completion {
  /** `epic` or `sprint`, and its key or name. */
  scope: { kind: 'epic' | 'sprint'; name: string };
  /** Every ticket of the epic/sprint with whether it is done. */
  stories: Array<{ key: string; title: string; done: boolean; points?: number }>;
  done: number;
  total: number;
  pointsTotal: number;
  pointsRemaining: number;
  /** Working days left until the sprint's end (inclusive of today); `null` without an end date. */
  daysLeft: number | null;
  /** Whether the parallel estimate plus buffer fits in the days left; `null` when unknown. */
  fits: boolean | null;
  /** Minutes over the available time when it does not fit (0 when it fits or unknown). */
  overshootMinutes: number;
}

/** The plan document. */
export interface Plan {
  version: 1;
  /** The base branch the tickets start from and merge into. */
  base: string;
  tickets: PlannedTicket[];
  overlaps: Overlap[];
  /** Every planned key in execution order. */
  order: string[];
  /** Waves for display: tickets in one batch may run at the same time. */
  batches: string[][];
  estimate: PlanEstimate;
  schedule: ScheduledTicket[];
  completion?: Completion;
  warnings: string[];
}
