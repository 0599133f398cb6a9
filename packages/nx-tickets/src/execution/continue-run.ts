import { markLandedElsewhere, requeueTickets, type RunState } from '@nx-tickets/core';
import { readHead, readMergedTickets } from '../adapters/git/index.js';
import { NxTicketsError } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/index.js';
import type { Reporter } from '../reporting/reporter.js';
import { executeRun } from './execute-run.js';
import { followBase } from './follow-base.js';
import { RunStore } from './run-store.js';
import type { TaskRunner } from './run-tickets.js';
import { statusSyncOf } from './status-sync-of.js';

/** Input of {@link continueRun}. */
export interface ContinueRunInput {
  root: string;
  /** The workspace's configuration, read once by the caller (`readConfig`). */
  config: ResolvedConfig;
  /** Run id; default: the latest run. */
  runId?: string;
  /** `retry`: re-queue these tickets first. */
  retry?: string[];
  createReporter: (store: RunStore) => Reporter;
  signal: AbortSignal;
  runTask?: TaskRunner;
  /** Write progress back to the ticket system (Jira, GitHub issues); `false` is `--no-sync`. Default true. */
  sync?: boolean;
}

/**
 * `nx-tickets resume [runId]` and `nx-tickets retry KEY…`: load a run's state and go on from it.
 * Finished steps are not repeated (each is idempotent), so no branch, commit or merge is duplicated.
 *
 * @throws NxTicketsError `NX_TICKETS_RUN_NOT_FOUND` (exit 2) when there is no such run;
 *   `NX_TICKETS_NOT_RETRYABLE` for a ticket that is not failed, blocked or set aside.
 */
export async function continueRun(input: ContinueRunInput): Promise<RunState> {
  // `retry KEY` without --run: the latest run that has the ticket (a newer run of other tickets
  // does not hide it).
  const runId = input.runId ?? (input.retry?.length ? await latestRunWith(input.root, input.retry) : undefined);
  const store = await openRun(input.root, runId);
  const state = await store.readState();
  requeueTickets(state, input.retry ?? []);
  // A newer run may have merged some of its tickets meanwhile: they are done, not run again.
  const landed = await readMergedTickets(input.root, state.base, { since: state.baseStart });
  const marked = markLandedElsewhere(state, landed, Date.now());
  for (const { key, sha } of marked) await store.appendEvent({ type: 'ticket:merged', ticket: key, sha, elsewhere: true, at: Date.now() });
  // Their commits are on the base: tickets that start next (one that conflicts with or depends on
  // them) start from the base as it is, not as the state last recorded it.
  if (marked.length > 0) await followBase(input.root, state, await readHead(input.root, `refs/heads/${state.base}`).catch(() => undefined));
  const { config } = input;
  return executeRun({
    root: input.root,
    state,
    tickets: await store.readTickets(),
    config,
    store,
    reporter: input.createReporter(store),
    signal: input.signal,
    ...(input.runTask ? { runTask: input.runTask } : {}),
    ...(await statusSyncOf(input.root, config, input.sync)),
  });
}

/** The store of a run by id, or of the latest run. */
export async function openRun(root: string, runId?: string): Promise<RunStore> {
  const runs = await RunStore.listRuns(root);
  const id = runId ?? runs[runs.length - 1];
  if (id === undefined || !runs.includes(id)) {
    throw new NxTicketsError('NX_TICKETS_RUN_NOT_FOUND', runId ? `There is no run ${runId} in this workspace.` : 'There is no run in this workspace yet.', {
      hint: runs.length > 0 ? `Runs: ${runs.slice(-5).join(', ')}.` : 'Start one with `nx-tickets run KEY…`.',
    });
  }
  return new RunStore(root, id);
}

/** The id of the newest run whose tickets include every key of `keys`; undefined when none does. */
async function latestRunWith(root: string, keys: readonly string[]): Promise<string | undefined> {
  for (const runId of (await RunStore.listRuns(root)).reverse()) {
    const state = await new RunStore(root, runId).readState().catch(() => undefined);
    if (state && keys.every((key) => key in state.tickets)) return runId;
  }
  return undefined;
}
