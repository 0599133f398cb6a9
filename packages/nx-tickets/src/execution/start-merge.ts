import { availableParallelism } from 'node:os';
import { NxTicketsError, createRunState, type Plan, type RunState, type Ticket, type TicketRunState } from '@nx-tickets/core';
import { checkCodeHostConfig } from '../adapters/create-code-host.js';
import { readHead, type PushedTicketBranch } from '../adapters/git/index.js';
import type { ResolvedConfig } from '../config/index.js';
import type { Reporter } from '../reporting/reporter.js';
import { adoptPushedBranch } from './adopt-pushed-branch.js';
import { launchRun } from './start-run.js';
import { RunStore, newRunId } from './run-store.js';
import type { TaskRunner } from './run-tickets.js';

/** Input of {@link startMerge}. */
export interface StartMergeInput {
  root: string;
  /** The plan of the tickets to merge (and of selected tickets whose branch is missing). */
  plan: Plan;
  tickets: readonly Ticket[];
  config: ResolvedConfig;
  /** Key → the branch its shard pushed (see `findPushedTicketBranches`); planned keys without one are missing. */
  branches: ReadonlyMap<string, PushedTicketBranch>;
  /** Where the branches were found, for the message of a missing one (`origin`, or the local repository). */
  from: string;
  createReporter: (store: RunStore) => Reporter;
  signal: AbortSignal;
  runTask?: TaskRunner;
  sync?: boolean;
  /** Called once the run is locked and created, before the merge train starts. */
  onReady?: (state: RunState) => void;
}

/**
 * The merge job of a CI run (`nx-tickets merge`): a run whose tickets start `built` from the
 * branches the shards pushed, so only the merge train of an ordinary run goes — in plan order,
 * rebase, verify again where a related ticket landed first, fast-forward the base (and push it to
 * `origin`, see `RemoteGitCodeHost`). A planned ticket without a pushed branch is `failed` at
 * `push`, with the reason, and its dependents are blocked; one whose worktree cannot be made fails
 * at `prepare`. The run is stored like any other:
 * `nx-tickets resume` and `retry` work on it.
 *
 * @throws NxTicketsError `NX_TICKETS_BASE_NOT_FOUND` (exit 2) without a local base branch;
 *   `NX_TICKETS_RUN_LOCKED` when another run holds the workspace; GitHub settings errors (exit 2).
 */
export async function startMerge(input: StartMergeInput): Promise<RunState> {
  return launchRun(input, () => createMergeRun(input));
}

async function createMergeRun(input: StartMergeInput): Promise<{ store: RunStore; state: RunState }> {
  checkCodeHostConfig(input.root, input.config);
  const baseStart = await readHead(input.root, `refs/heads/${input.plan.base}`).catch((cause: unknown) => {
    throw new NxTicketsError('NX_TICKETS_BASE_NOT_FOUND', `The base branch "${input.plan.base}" does not exist in this repository.`, { hint: 'Fetch it from origin, or set options.baseBranch in nx.json, or pass --base.', cause });
  });
  const now = Date.now();
  const runId = newRunId(new Date(now));
  const store = new RunStore(input.root, runId);
  const state = createRunState({
    runId,
    plan: input.plan,
    baseStart,
    now,
    limits: { maxThreads: 1, resources: input.config.resources, cpuSlots: availableParallelism() },
    unknownFootprint: input.config.unknownFootprint,
    ci: { kind: 'merge' },
  });
  for (const key of state.order) {
    const t = state.tickets[key] as TicketRunState;
    const pushed = input.branches.get(key);
    if (pushed === undefined) {
      Object.assign(t, { status: 'failed', finishedAt: now, error: { step: 'push', message: `no branch of ${key} on ${input.from}: its shard did not build it (see that shard's summary) or it was not run` } });
      continue;
    }
    try {
      const warning = await adoptPushedBranch(input.root, t, pushed, { baseHead: baseStart, now, opensPullRequests: input.config.host.type === 'github' });
      if (warning) (state.warnings ??= []).push(warning);
    } catch (error) {
      // One ticket whose worktree cannot be made (its branch checked out elsewhere) fails alone.
      const e = error as { message?: string; code?: string };
      Object.assign(t, { status: 'failed', finishedAt: now, error: { step: 'prepare', message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) } });
    }
  }
  await store.writeTickets(input.tickets);
  await store.writePlan(input.plan);
  await store.writeState(state);
  return { store, state };
}
