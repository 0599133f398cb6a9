import { NxTicketsError } from '../errors/nx-tickets-error.js';
import { STEPS, type RunState, type TicketRunState } from './run-state.js';

/**
 * Prepare a saved run to continue (after SIGINT, SIGKILL or a crash): tickets caught `running` go
 * back to `pending` with their finished steps kept (each step is idempotent), a ticket caught
 * `merging` goes back to `built` (the merge train checks whether the base already holds it).
 * A run that had got under way records the time since its last save as a pause (`state.pauses`),
 * so durations leave out the time it was stopped. Mutates and returns `state`.
 *
 * @param now when the run continues (ms since the epoch); without it no pause is recorded.
 */
export function reopenRun(state: RunState, now?: number): RunState {
  const underWay = Object.values(state.tickets).some((t) => t.startedAt !== undefined);
  if (now !== undefined && underWay && now > state.updatedAt) {
    (state.pauses ??= []).push({ from: state.updatedAt, to: now });
    state.updatedAt = now;
  }
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'running') Object.assign(t, { status: 'pending', step: undefined, thread: undefined });
    if (t.status === 'merging') Object.assign(t, { status: 'built', step: undefined });
  }
  state.status = 'running';
  delete state.trainStopped;
  return state;
}

/**
 * `nx-tickets retry KEY`: put a failed, set-aside or blocked ticket back in the queue, continuing
 * from the step that failed (earlier steps stay done; verification always runs again, so what a
 * person changed in the worktree is verified before it is committed and merged). A set-aside (conflict) ticket goes back to
 * the merge train. Tickets blocked only because of it are unblocked too. Mutates `state`.
 *
 * @param alreadyRequeued keys re-queued earlier in the same `retry` (a dependent unblocked with its
 *   dependency is not refused when it is named too).
 * @returns the keys re-queued.
 * @throws NxTicketsError `NX_TICKETS_TICKET_NOT_FOUND` when the run has no such ticket,
 *   `NX_TICKETS_NOT_RETRYABLE` when it is not failed, set aside or blocked.
 */
export function requeueTicket(state: RunState, key: string, alreadyRequeued: readonly string[] = []): string[] {
  if (alreadyRequeued.includes(key)) return [];
  const t = state.tickets[key];
  if (!t) throw new NxTicketsError('NX_TICKETS_TICKET_NOT_FOUND', `Run ${state.runId} has no ticket ${key}.`, { ticket: key, hint: `Its tickets: ${state.order.join(', ')}.` });
  if (!['failed', 'conflict', 'blocked'].includes(t.status)) {
    throw new NxTicketsError('NX_TICKETS_NOT_RETRYABLE', `${key} is ${t.status}; only failed, set-aside (conflict) or blocked tickets can be retried.`, { ticket: key, hint: notRetryableHint(state, t) });
  }
  const requeued = [key];
  reset(t);
  for (const other of Object.values(state.tickets)) {
    if (other.status === 'blocked' && (state.dependsOn[other.key] ?? []).some((d) => requeued.includes(d))) {
      reset(other);
      requeued.push(other.key);
    }
  }
  return requeued;
}

/** A ticket still on its way in a run that stopped: `resume` takes it further; otherwise, see the status. */
function notRetryableHint(state: RunState, t: TicketRunState): string {
  const unfinished = state.status !== 'finished' && ['pending', 'running', 'built', 'merging'].includes(t.status);
  if (!unfinished) return 'See `nx-tickets status` for the state of each ticket.';
  const resume = `\`nx-tickets resume ${state.runId}\` continues it, ${t.key} included.`;
  return state.status === 'interrupted' ? `Run ${state.runId} was interrupted: ${resume}` : `Run ${state.runId} has not finished: when no nx-tickets process runs it any more (see \`nx-tickets status\`), ${resume}`;
}

/**
 * `nx-tickets retry KEY…`: {@link requeueTicket} for each key, in order; then make sure none of
 * them is left waiting on a `dependsOn` ticket that cannot finish without a person (failed, set
 * aside or blocked, and not retried too) — it would only be blocked again. Mutates `state`.
 *
 * @returns the keys re-queued (dependents unblocked with them included).
 * @throws NxTicketsError as {@link requeueTicket}; `NX_TICKETS_NOT_RETRYABLE` naming the
 *   dependencies to retry with it (`state` is then partly changed: do not save it).
 */
export function requeueTickets(state: RunState, keys: readonly string[]): string[] {
  const requeued: string[] = [];
  for (const key of keys) requeued.push(...requeueTicket(state, key, requeued));
  for (const key of keys) {
    const stuck = (state.dependsOn[key] ?? []).filter((dep) => ['failed', 'conflict', 'blocked'].includes(state.tickets[dep]?.status ?? ''));
    if (stuck.length === 0) continue;
    const what = stuck.map((dep) => `${dep} (${state.tickets[dep]?.status === 'conflict' ? 'set aside' : state.tickets[dep]?.status})`).join(', ');
    throw new NxTicketsError('NX_TICKETS_NOT_RETRYABLE', `${key} depends on ${what}: retried alone it would be blocked again.`, {
      ticket: key,
      hint: `Fix ${stuck.length === 1 ? 'it' : 'them'} and retry together: \`nx-tickets retry ${[...stuck, key].join(' ')}\` (retrying ${stuck.join(', ')} unblocks ${key} too).`,
    });
  }
  return requeued;
}

function reset(t: TicketRunState): void {
  if (t.status === 'blocked') {
    // Blocked is not its own failure: keep every finished step.
    Object.assign(t, { status: t.completed.includes('commit') ? 'built' : 'pending', error: undefined, finishedAt: undefined });
    return;
  }
  if (t.status === 'conflict') {
    Object.assign(t, { status: 'built', error: undefined, finishedAt: undefined });
    return;
  }
  const failedAt = t.error?.step;
  // Whatever is in the worktree now (a person may have fixed it) is verified again: verify and the
  // steps after it always run on a retry, even when the failure came later.
  const keepBefore = Math.min(failedAt === undefined ? STEPS.length : STEPS.indexOf(failedAt), STEPS.indexOf('verify'));
  const keep = t.completed.filter((s) => STEPS.indexOf(s) < keepBefore);
  Object.assign(t, { status: 'pending', error: undefined, finishedAt: undefined, builtAt: undefined, step: undefined, completed: keep });
}
