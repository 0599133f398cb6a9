import { availableParallelism } from 'node:os';
import { NxTicketsError, createRunState, goalStatus, type CiRun, type Plan, type RunState, type Ticket } from '@nx-tickets/core';
import { checkCodeHostConfig } from '../adapters/create-code-host.js';
import { readHead } from '../adapters/git/index.js';
import type { ResolvedConfig } from '../config/index.js';
import type { Reporter } from '../reporting/reporter.js';
import { executeRun } from './execute-run.js';
import { acquireRunLock } from './run-lock.js';
import { RunStore, newRunId } from './run-store.js';
import type { TaskRunner } from './run-tickets.js';
import type { PoolTaskRunner } from './pool-task-runner.js';
import { statusSyncOf } from './status-sync-of.js';

/** Input of {@link startRun}. */
export interface StartRunInput {
  root: string;
  plan: Plan;
  tickets: readonly Ticket[];
  config: ResolvedConfig;
  /** `--max-threads`, else `parallel_execution.max_threads`. */
  maxThreads?: number;
  createReporter: (store: RunStore) => Reporter;
  signal: AbortSignal;
  runTask?: TaskRunner;
  /** A pool started while planning (its workers warm); the run closes it, also when the run is refused. */
  pool?: PoolTaskRunner;
  /** Write progress back to the ticket system (Jira, GitHub issues); `false` is `--no-sync`. Default true. */
  sync?: boolean;
  /**
   * Called once the run is locked and created, just before it starts: the CLI prints the plan here,
   * so a refused run (another run going on, no base branch, bad host settings) prints only its error.
   */
  onReady?: (state: RunState) => void;
  /** `run --shard i/n`: one CI shard (build and push, no merge); see `RunState.ci`. */
  ci?: CiRun;
}

/**
 * Start a new run of a plan: resolve the base branch, create the run state and its folder
 * (`.nx/tickets/runs/<runId>/`), then execute it.
 *
 * @throws NxTicketsError `NX_TICKETS_BASE_NOT_FOUND` (exit 2) when the base branch does not exist
 *   locally; `NX_TICKETS_RUN_LOCKED` when another run holds the workspace;
 *   `NX_TICKETS_GITHUB_TOKEN_MISSING` / `NX_TICKETS_GITHUB_REPO_UNKNOWN` (exit 2) for `host: github`.
 */
export async function startRun(input: StartRunInput): Promise<RunState> {
  return launchRun(input, () => createRun(input));
}

/** What {@link launchRun} needs besides the way to create the run. */
export type LaunchRunInput = Pick<StartRunInput, 'root' | 'tickets' | 'config' | 'createReporter' | 'signal' | 'runTask' | 'pool' | 'sync' | 'onReady'>;

/**
 * Lock the workspace, create a run with `create` and execute it (a new run, or the merge job of a
 * CI run). Locks before creating: a refused run leaves no run behind for `resume` to pick. The
 * lock and `input.pool` are released when creating fails.
 *
 * @throws NxTicketsError `NX_TICKETS_RUN_LOCKED` when another run holds the workspace; what `create` throws.
 */
export async function launchRun(input: LaunchRunInput, create: () => Promise<{ store: RunStore; state: RunState }>): Promise<RunState> {
  let release: (() => Promise<void>) | undefined;
  let prepared: { store: RunStore; state: RunState };
  try {
    release = await acquireRunLock(input.root);
    prepared = await create();
  } catch (error) {
    await release?.();
    await input.pool?.close();
    throw error;
  }
  input.onReady?.(prepared.state);
  return executeRun({
    root: input.root,
    state: prepared.state,
    tickets: new Map(input.tickets.map((t) => [t.key, t])),
    config: input.config,
    store: prepared.store,
    reporter: input.createReporter(prepared.store),
    signal: input.signal,
    lock: release,
    ...(input.runTask ? { runTask: input.runTask } : {}),
    ...(input.pool ? { pool: input.pool } : {}),
    ...(await statusSyncOf(input.root, input.config, input.sync)),
  });
}

/** Resolve the base branch, create the run state and write the run's folder. */
async function createRun(input: StartRunInput): Promise<{ store: RunStore; state: RunState }> {
  checkCodeHostConfig(input.root, input.config); // a missing token is bad config: no run is left behind
  const baseStart = await readHead(input.root, `refs/heads/${input.plan.base}`).catch((cause: unknown) => {
    throw new NxTicketsError('NX_TICKETS_BASE_NOT_FOUND', `The base branch "${input.plan.base}" does not exist in this repository.`, {
      hint: 'Create it, or set options.baseBranch in nx.json, or pass --base.',
      cause,
    });
  });
  const runId = newRunId(new Date());
  const store = new RunStore(input.root, runId);
  const maxRamGb = input.config.parallel_execution.resource_limits.max_ram_gb;
  const state = createRunState({
    runId,
    plan: input.plan,
    baseStart,
    now: Date.now(),
    limits: {
      maxThreads: runThreads(input.config, input.maxThreads),
      resources: input.config.resources,
      cpuSlots: availableParallelism(),
      ...(maxRamGb === undefined ? {} : { memoryBudgetMb: Math.round(maxRamGb * 1024) }),
    },
    memoryMb: Object.fromEntries(input.tickets.flatMap((t) => {
      const mb = t.memoryMb ?? input.config.implement.memoryMb;
      return mb === undefined ? [] : [[t.key, mb]];
    })),
    unknownFootprint: input.config.unknownFootprint,
    ...(input.ci ? { ci: input.ci } : {}),
  });
  await store.writeTickets(input.tickets);
  await store.writePlan(input.plan);
  await store.writeState(state);
  return { store, state };
}

/**
 * The worker threads of a new run: `--max-threads`, else `parallel_execution.max_threads`, or 1
 * when `parallel_execution.enabled` is false.
 */
export function runThreads(config: ResolvedConfig, maxThreads?: number): number {
  return maxThreads ?? (config.parallel_execution.enabled ? config.parallel_execution.max_threads : 1);
}

/** The exit code of a finished or interrupted run: 0 all merged (a shard run: all built and pushed), 130 interrupted, 1 otherwise. */
export function runExitCode(state: RunState): number {
  if (state.status === 'interrupted') return 130;
  const goal = goalStatus(state);
  return Object.values(state.tickets).every((t) => t.status === goal) ? 0 : 1;
}
