import type { LearnedEstimates } from '../history/learn-estimates.js';
import type { OverlapKind } from './plan.js';

/** Default globs of workspace-wide files (`shared-file` overlaps). */
export const DEFAULT_SHARED_FILES: readonly string[] = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'bun.lockb',
  'bun.lock',
  'nx.json',
  'tsconfig.base.json',
  'tsconfig.json',
  '.github/workflows/**',
];

/** A sprint as configured (`sprints:` in config) or read from a tracker. Dates are `YYYY-MM-DD`. */
export interface SprintWindow {
  name: string;
  /** The tracker's id of the sprint (Jira's numeric sprint id), so `--sprint 42` finds it too. */
  id?: string;
  start?: string;
  end?: string;
}

/** Everything the pure planner needs besides tickets and the workspace model. */
export interface PlanningOptions {
  /** Base branch name, for the plan document. */
  base: string;
  /** Threads for the simulated schedule (≥ 1). */
  maxThreads: number;
  /** Overlap kinds that are conflicts (force an order). */
  conflictKinds: readonly OverlapKind[];
  /** Workspace-wide file globs (defaults plus configured ones). */
  sharedFiles: readonly string[];
  /** What to do with tickets whose footprint is unknown. */
  unknownFootprint: 'serialize' | 'parallel';
  /** Estimate used when a ticket has none and nothing was learned for it, minutes. */
  defaultEstimateMinutes: number;
  /** Durations learned from earlier runs (`learnEstimates`): they replace the default estimate. */
  learnedEstimates?: LearnedEstimates;
  /** Working minutes in a day (for `1d` and for sprint fit), default 480. */
  minutesPerDay: number;
  /** Fraction of the days left kept as buffer when checking sprint fit, 0..1 (default 0.2). */
  bufferRatio: number;
  /** Today, `YYYY-MM-DD`, injected (the core never reads the clock). */
  today: string;
  /** Most items kept per overlap entry (the rest are counted in `itemCount`). */
  maxOverlapItems: number;
  /** Named resources available (`{ database: 1 }`); tickets asking for one wait for it. */
  resources?: Readonly<Record<string, number>>;
}

/** Defaults for {@link PlanningOptions} except `today` and `base`. */
export const DEFAULT_PLANNING_OPTIONS: Omit<PlanningOptions, 'today' | 'base'> = {
  maxThreads: 3,
  conflictKinds: ['file', 'shared-file', 'link'],
  sharedFiles: DEFAULT_SHARED_FILES,
  unknownFootprint: 'serialize',
  defaultEstimateMinutes: 120,
  minutesPerDay: 480,
  bufferRatio: 0.2,
  maxOverlapItems: 50,
};
