import { setMaxListeners } from 'node:events';
import { checkAdmission, reopenRun, type CodeHost, type RunState, type StatusSync, type Ticket } from '@nx-tickets/core';
import { createCodeHost } from '../adapters/create-code-host.js';
import { clearStaleGitLocks } from '../adapters/git/index.js';
import { killAllTracked } from '../adapters/process/index.js';
import { createSystemLoadSampler } from '../adapters/system/index.js';
import { startSpawnServer, useSpawnServer } from '../adapters/spawn/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { appendRunHistory } from '../history/append-run-history.js';
import { HISTORY_FILE } from '../history/history-file.js';
import type { Reporter } from '../reporting/reporter.js';
import { toAdmissionLimits } from './admission-limits.js';
import { killOrphans, runMemoryMb } from './kill-orphans.js';
import { createPoolTaskRunner, type PoolTaskRunner } from './pool-task-runner.js';
import { acquireRunLock } from './run-lock.js';
import type { RunEvent, RunStore } from './run-store.js';
import { runTickets, type TaskRunner } from './run-tickets.js';
import { StatusSyncQueue, toStatusUpdate } from './status-sync-queue.js';
import { removeMergedWorktrees } from './remove-merged-worktrees.js';
import { restoreMissingWorktrees } from './restore-missing-worktrees.js';

/** The git remote CI runs meet on with the local host (see `createCodeHost`). */
const CI_REMOTE = 'origin';

/** Input of {@link executeRun}. */
export interface ExecuteRunInput {
  root: string;
  state: RunState;
  tickets: Map<string, Ticket>;
  config: ResolvedConfig;
  store: RunStore;
  reporter: Reporter;
  /** Aborting stops new work, kills running children and saves the state as `interrupted`. */
  signal: AbortSignal;
  /** Runs tasks in-process instead of on the pool (tests, `--threads-in-process`). */
  runTask?: TaskRunner;
  /**
   * A pool started earlier (see `createPoolTaskRunner`), whose workers loaded their modules while the
   * CLI planned; closed at the end of the run like one made here. Default: a pool of
   * `state.limits.maxThreads` workers made now.
   */
  pool?: PoolTaskRunner;
  /** Release of the run lock when the caller took it already (a new run locks before creating its state). */
  lock?: () => Promise<void>;
  /** Where progress is written back (Jira, GitHub issues); none for local tickets or `--no-sync`. */
  statusSync?: StatusSync;
  /** The code host; default: the one `config.host` names (see `createCodeHost`). */
  host?: CodeHost;
}

/**
 * Run (or continue) a run under the workspace lock: a piscina pool of `max_threads` workers,
 * admission control from `resource_limits` sampled from the OS, every event to the reporter and
 * the event log. On abort, every tracked child process group is killed.
 *
 * @throws NxTicketsError `NX_TICKETS_RUN_LOCKED` when another run holds the workspace.
 */
export async function executeRun(caller: ExecuteRunInput): Promise<RunState> {
  const release = caller.lock ?? (await acquireRunLock(caller.root));
  // The caller's signal, or the process tree being stopped from outside (see `stoppedFromOutside`).
  const interruption = new AbortController();
  const input = { ...caller, signal: interruption.signal };
  const forward = (): void => interruption.abort(caller.signal.reason);
  if (caller.signal.aborted) forward();
  else caller.signal.addEventListener('abort', forward, { once: true });
  // With in-process tasks no pool is made; one started earlier is still closed at the end.
  const pool = input.pool ?? (input.runTask ? undefined : createPoolTaskRunner(input.state.limits.maxThreads));
  const sampler = createSystemLoadSampler();
  const limits = toAdmissionLimits(input.config);
  // Every running task and child process listens to the run's signal: more than Node's default 10.
  setMaxListeners(Math.max(64, input.state.order.length * 8), input.signal);
  const onAbort = () => killAllTracked('SIGTERM');
  const syncQueue = input.statusSync
    ? new StatusSyncQueue(input.statusSync, input.state, (update, message) => void record(input, { type: 'sync:warning', at: Date.now(), ticket: update.key, update: update.type, message }), input.signal)
    : undefined;
  input.signal.addEventListener('abort', onAbort, { once: true });
  // git runs through a small server process: starting it from this process (with the pool's
  // threads) blocked the event loop ~10 ms per git command. Without the server, git starts here.
  const spawner = await startSpawnServer().catch(() => undefined);
  useSpawnServer(spawner?.socketPath);
  const onStoppedFromOutside = (): void => interruption.abort(spawner?.stoppedFromOutside.reason);
  spawner?.stoppedFromOutside.addEventListener('abort', onStoppedFromOutside, { once: true });
  try {
    await clearLocksOfInterruptedRun(input); // before reopenRun, which turns running tickets back to pending
    reopenRun(input.state, Date.now()); // the time since it stopped is a pause, left out of durations
    await killOrphans(input.state);
    for (const { ticket, action } of await restoreMissingWorktrees(input.root, input.state)) await record(input, { type: 'ticket:recovered', at: Date.now(), ticket, actions: [action] });
    const host = input.host ?? (await createCodeHost(input.root, input.config, { signal: input.signal, ...(input.state.ci ? { ciRemote: CI_REMOTE } : {}), onWarning: (message) => void record(input, { type: 'host:warning', at: Date.now(), message }) }));
    const state = await runTickets({
      host,
      root: input.root,
      state: input.state,
      tickets: input.tickets,
      config: input.config,
      store: input.store,
      runTask: input.runTask ?? (pool as { runTask: TaskRunner }).runTask,
      onEvent: (event) => {
        input.reporter.onEvent(event, input.state);
        const update = syncQueue ? toStatusUpdate(event, input.state) : undefined;
        if (update) syncQueue?.push(update);
      },
      admit: async () => {
        if (Object.keys(limits).length === 0) return { admit: true };
        const [load, usedMb] = await Promise.all([sampler.sample(), runMemoryMb(input.state)]);
        return checkAdmission(load, limits, usedMb);
      },
      signal: input.signal,
      now: Date.now,
      ...(spawner ? { spawnSocket: spawner.socketPath } : {}),
    });
    if (syncQueue) await syncQueue.drain();
    if (state.status === 'finished') {
      const kept = await removeMergedWorktrees(input.root, state);
      if (kept.length > 0) (state.warnings ??= []).push(...kept);
    }
    await input.store.writeState(state);
    // The run is done whatever happens to its history line: a failure to write it is a warning.
    const unrecorded = await appendRunHistory(input.store, state, Date.now()).then(
      () => undefined,
      (error: unknown) => `the run was not added to ${HISTORY_FILE} (${(error as Error).message}); metrics and learned estimates leave it out`,
    );
    if (unrecorded) {
      (state.warnings ??= []).push(unrecorded);
      await input.store.writeState(state);
    }
    return state;
  } finally {
    caller.signal.removeEventListener('abort', forward);
    spawner?.stoppedFromOutside.removeEventListener('abort', onStoppedFromOutside);
    input.signal.removeEventListener('abort', onAbort);
    input.reporter.close();
    await pool?.close();
    useSpawnServer(undefined);
    await spawner?.close();
    await release();
  }
}

/**
 * A run that got under way and is continued now may have been killed in the middle of a git
 * command: remove the lock files git left on the run's branches and checkouts (see
 * `clearStaleGitLocks`), and say so in the event log.
 */
async function clearLocksOfInterruptedRun(input: ExecuteRunInput): Promise<void> {
  const tickets = Object.values(input.state.tickets);
  if (!tickets.some((t) => t.status !== 'pending' || t.completed.length > 0)) return;
  const worktrees = tickets.flatMap((t) => (t.worktree ? [t.worktree] : []));
  const removed = await clearStaleGitLocks(input.root, { branches: [input.state.base, ...tickets.map((t) => t.branch)], worktrees });
  if (removed.length === 0) return;
  await record(input, { type: 'run:recovered', at: Date.now(), locks: removed });
}

/** An event that is not a transition of the run: to the reporter and the event log. */
async function record(input: ExecuteRunInput, event: RunEvent): Promise<void> {
  input.reporter.onEvent(event, input.state);
  await input.store.appendEvent(event);
}
