/**
 * The state of one run: pure data, written atomically to `.nx/tickets/runs/<runId>/state.json`
 * after every transition, so `resume` can continue from it after a crash at any point.
 */
import type { StatusUpdate } from '../ports/status-sync.js';

/** The steps of one ticket's pipeline, in order. Each is idempotent. */
export const STEPS = ['prepare', 'implement', 'verify', 'commit', 'push', 'pr', 'merge'] as const;
/** One of {@link STEPS}. */
export type StepName = (typeof STEPS)[number];

/**
 * Where a ticket is in the run.
 * - `pending`: not started; `running`: its pipeline runs in a worker;
 * - `built`: committed and verified, waiting for the merge train; `merging`: the train is on it;
 * - `merged`: on the base branch (final);
 * - `failed`: a step failed (reason and log kept); `blocked`: a dependency failed;
 * - `conflict`: the rebase onto the base conflicted, set aside for `nx-tickets retry`.
 */
export type TicketRunStatus = 'pending' | 'running' | 'built' | 'merging' | 'merged' | 'failed' | 'blocked' | 'conflict';

/** Statuses after which nothing more happens without `retry`. */
export const FINAL_STATUSES: readonly TicketRunStatus[] = ['merged', 'failed', 'blocked', 'conflict'];

/** Why a step failed. */
export interface StepFailure {
  step: StepName;
  message: string;
  code?: string;
  logFile?: string;
  /** Exact commands for a person to resolve it (for conflicts). */
  resolve?: string[];
  /**
   * The step's command ended by this interrupting signal, which nx-tickets did not send (Nx stops
   * its task's process tree from the leaves up, so the command hears of an interruption before the
   * runner does). The runner waits a moment for its own interruption before failing the ticket.
   */
  stoppedBy?: 'SIGINT' | 'SIGTERM' | 'SIGHUP';
}

/** Outcome of the verify step. */
export interface Verification {
  targets: string[];
  /** Projects `nx affected` ran the targets for. */
  projects: string[];
  /** True when `verify.targets` was empty: nothing was verified. */
  skipped: boolean;
  /** Set when files changed but no project was affected. */
  note?: string;
}

/** One ticket within a run. Times are ms since the epoch (injected clock). */
export interface TicketRunState {
  key: string;
  title: string;
  status: TicketRunStatus;
  branch: string;
  /** Steps finished, in order (resume skips them). */
  completed: StepName[];
  /** The step running now, when `running`/`merging`. */
  step?: StepName;
  /** Commit the branch started from. */
  startPoint?: string;
  /** The ticket this one was stacked on (started from its branch head), with that head. */
  stackedOn?: { key: string; head: string };
  /** Current head of the ticket branch. */
  head?: string;
  /** The ticket's worktree (absolute). */
  worktree?: string;
  /** The workspace inside the worktree (equal to `worktree` unless the workspace is a sub-folder of the repository). */
  workspace?: string;
  /** Files the ticket actually changed (after commit). */
  actualFiles?: string[];
  verification?: Verification;
  attempts: Partial<Record<StepName, number>>;
  error?: StepFailure;
  startedAt?: number;
  builtAt?: number;
  finishedAt?: number;
  /** Base branch commit after this ticket was merged. */
  mergedSha?: string;
  /** Merged by another run while this one was interrupted (see `markLandedElsewhere`): `mergedSha` is that run's commit. */
  mergedElsewhere?: boolean;
  /** The ticket's pull request (GitHub host): a resumed run finds it instead of opening another. */
  prNumber?: number;
  prUrl?: string;
  /** Estimated minutes (from the plan), used to prioritise by critical path. */
  estimateMinutes: number;
  /**
   * What the ticket holds while it runs: its named resources, plus the built-in `cpu` (CPU slots,
   * when it declares them) and `memoryMb` (MiB, its declared memory, when the run has a memory
   * budget). See {@link RESOURCE_CPU}.
   */
  resources: Record<string, number>;
  /** Its worktree was removed (merged tickets, at the end of the run, or `nx-tickets clean`); the branch is kept. */
  worktreeRemoved?: boolean;
  /** Run alone (unknown footprint under `serialize`). */
  exclusive: boolean;
  /** Thread slot while running, for the timeline. */
  thread?: number;
  /** Not before this time (ms since the epoch): back-off after an infrastructure failure. */
  notBefore?: number;
  /** Infrastructure failures retried so far. */
  infraRetries?: number;
  /** Process groups started for the ticket (latest last): a resumed run kills any still alive. */
  processGroups?: number[];
  /** Files and predicted paths from the plan, to detect unplanned overlaps after the commit. */
  plannedFiles: string[];
}

/** An ordering relation between two tickets of the run (`before` comes first). */
export interface RunRelation {
  before: string;
  after: string;
  kind: 'file' | 'shared-file' | 'project' | 'dependency' | 'link';
  /** Conflict: `after` may not start until `before` is merged or out of the run. */
  conflict: boolean;
  /** Found after a commit (actual files), not in the plan. */
  unplanned?: boolean;
  items: string[];
}

/** The whole run. */
export interface RunState {
  version: 1;
  runId: string;
  base: string;
  /** Base branch commit when the run started. */
  baseStart: string;
  /** Base branch commit now (moves as the train merges). */
  baseHead: string;
  /**
   * The newest base branch commit that came from outside this run — a person's commit or push,
   * another run's merge — once the run followed the base there. A ticket whose verified head does
   * not hold it is verified again on top of it before it lands.
   */
  outsideHead?: string;
  status: 'running' | 'interrupted' | 'finished';
  createdAt: number;
  updatedAt: number;
  /** Plan order. */
  order: string[];
  /** `dependsOn` links inside the run: key → keys it depends on. */
  dependsOn: Record<string, string[]>;
  relations: RunRelation[];
  tickets: Record<string, TicketRunState>;
  /**
   * A CI run (absent for an ordinary run): `shard` — one shard of the plan (`nx-tickets run --shard
   * index/total`): tickets are built and their branches pushed, nothing is merged, and tickets that
   * must not run at the same time are built one on top of the other; `merge` — the merge job
   * (`nx-tickets merge`): the tickets start `built` from the branches the shards pushed and only the
   * merge train runs. See {@link CiRun}.
   */
  ci?: CiRun;
  /** Set when the merge train had to stop (the base branch is checked out with local changes). */
  trainStopped?: string;
  /** Status updates for the ticket system not yet applied (see the `StatusSync` port). */
  syncPending?: StatusUpdate[];
  /** Things the run could not do that need no action to finish it (a status update not written back, a worktree kept): shown as warnings in the summary. */
  warnings?: string[];
  /**
   * Times the run was not going on: from its last save before it stopped (interrupted, killed, or
   * finished before a `retry`) to when `resume` / `retry` continued it, ms since the epoch, oldest
   * first. Durations leave them out (see `activeMs`). Absent in states written before pauses were
   * recorded, and for a run never continued.
   */
  pauses?: RunPause[];
  /**
   * Limits the scheduler respects: threads, and the capacity of each resource — the named ones from
   * the config, `cpu` (CPU slots, default: the machine's cores) and `memoryMb` (the run's memory
   * budget in MiB, when `max_ram_gb` is set).
   */
  limits: { maxThreads: number; resources: Record<string, number> };
}

/** A time the run was not going on (see {@link RunState.pauses}). */
export interface RunPause {
  from: number;
  to: number;
}

/** What kind of CI run a run is (see {@link RunState.ci}); `index` is 1-based, `index` ≤ `total`. */
export type CiRun = { kind: 'shard'; index: number; total: number } | { kind: 'merge' };

/** The status a ticket of the run is done at: `built` (branch pushed) in a shard run, else `merged`. */
export function goalStatus(state: Pick<RunState, 'ci'>): TicketRunStatus {
  return state.ci?.kind === 'shard' ? 'built' : 'merged';
}

/** Built-in resource: CPU slots. Capacity: the machine's cores unless the config names `cpu`; a ticket holds what its `resources.cpu` says (none by default). */
export const RESOURCE_CPU = 'cpu';
/** Built-in resource: memory, MiB. Capacity: `max_ram_gb` × 1024; a ticket holds its declared `memoryMb`. */
export const RESOURCE_MEMORY = 'memoryMb';
