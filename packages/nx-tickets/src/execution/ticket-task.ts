import type { StepFailure, StepName, Verification } from '@nx-tickets/core';

/** The part of a ticket's pipeline that runs in a pool worker: implement, verify, commit. */
export type WorkerStep = 'implement' | 'verify' | 'commit';

/**
 * What a worker needs to run a ticket's steps. Plain data (structured-clone safe).
 * Paths are absolute.
 */
export interface TicketTask {
  key: string;
  title: string;
  /** Main checkout's workspace root (its `node_modules` and, for a shared cache, its `.nx/cache`). */
  root: string;
  /** The ticket's worktree (a checkout of the whole repository). */
  worktree: string;
  /** The workspace inside the ticket's worktree (the worktree itself, or a sub-folder of it). */
  workspace: string;
  /** Branch head when the worktree was prepared: `implement` starts over from it. */
  startPoint: string;
  /**
   * The worktree was just created at `startPoint` for this attempt and nothing ran in it yet:
   * `implement` skips starting over (`git reset --hard` + `git clean`), which would change nothing.
   */
  freshCheckout?: boolean;
  /** Commit the ticket's own changes are measured from: `--base` of verify, actual files. */
  diffBase: string;
  /** Steps to run, in order (already finished ones are left out). */
  steps: WorkerStep[];
  /** JSON file with the whole ticket, passed to the implement command as `TICKET_FILE`. */
  ticketFile: string;
  /** argv of the implement command (no shell); absent = the branch already holds the work. */
  implementCommand?: string[];
  implementTimeoutMs: number;
  /** Kill the implement/verify process group above this, MiB. */
  memoryLimitMb?: number;
  verify: { targets: string[]; cache: 'shared' | 'isolated'; parallel: number; timeoutMs: number };
  /** Commit message and trailers; `identity`: the run's stand-in author arguments (see `fallbackIdentity`). */
  commit: { message: string; trailers: Record<string, string>; identity?: string[] };
  /** Log file per step. */
  logs: Record<WorkerStep, string>;
  /** Unix socket of the run's spawn server: the worker starts git through it (see `useSpawnServer`). */
  spawnSocket?: string;
}

/** Progress from a worker. */
export type TicketTaskEvent =
  | { type: 'step:start'; step: WorkerStep; at: number }
  | { type: 'step:end'; step: WorkerStep; at: number; ok: boolean; detail?: string }
  /** A child process group started for the ticket (recorded so a resumed run can kill orphans). */
  | { type: 'process'; pgid: number; at: number }
  /** Work found in the worktree was kept before implement ran again (`what`: where, in one sentence). */
  | { type: 'kept'; what: string; at: number };

/** What a worker returns: failures are data, with the step and log. */
export interface TicketTaskResult {
  completed: WorkerStep[];
  /** Branch head after the steps. */
  head: string;
  actualFiles?: string[];
  verification?: Verification;
  failure?: StepFailure & { step: StepName };
}
