import { needsReverify, type RunState, type TicketRunState } from '@nx-tickets/core';
import { advanceBaseBranch, isAncestor, mergeInto, readHead, rebaseOnto, recoverWorktree } from '../adapters/git/index.js';
import { buildReverifyTask } from './build-reverify-task.js';
import type { RunEvent } from './run-store.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { isInfrastructureFailure } from './is-infrastructure-failure.js';
import type { RunContext } from './run-tickets.js';

type Save = (event?: Omit<RunEvent, 'at'>) => Promise<void>;

/**
 * One stop of the local merge train: bring the ticket's branch onto the current base (rebase, or
 * merge per `merge.strategy`), verify again when a related ticket was merged since it started, then
 * fast-forward the base branch to it. A conflict sets the ticket aside (`conflict`, branch and
 * worktree kept, with the commands to resolve it); the train goes on with the others. The base only
 * ever moves forward, to verified commits; a base checked out with local changes stops the train.
 */
export async function mergeTicket(ctx: RunContext, t: TicketRunState, save: Save): Promise<void> {
  const { state } = ctx;
  t.status = 'merging';
  t.step = 'merge';
  t.attempts.merge = (t.attempts.merge ?? 0) + 1;
  await save({ type: 'step:start', ticket: t.key, step: 'merge' });
  try {
    const worktree = t.worktree as string;
    // A runner killed mid-rebase leaves the rebase (and git's lock files) behind: undo them first.
    const [, recovered] = await Promise.all([syncBaseHead(ctx.root, state), recoverWorktree(worktree)]);
    if (recovered.length > 0) await save({ type: 'ticket:recovered', ticket: t.key, actions: recovered });
    if (t.head && (await isAncestor(ctx.root, t.head, state.baseHead))) return await merged(ctx, t, state.baseHead, save);
    const integrated = ctx.config.merge.strategy === 'merge'
      ? await mergeInto(worktree, { ref: state.baseHead })
      : await rebaseOnto(worktree, { onto: state.baseHead, ...(t.stackedOn ? { upstream: t.stackedOn.head } : {}) });
    if (!integrated.ok) return await setAside(ctx, t, integrated.conflicts, save);
    // A head that changed without this rebase (a person resolved a conflict and retried) was never verified.
    const editedByHand = !integrated.moved && integrated.head !== t.head;
    t.head = integrated.head;
    if (((integrated.moved && needsReverify(state, t.key)) || editedByHand) && ctx.config.verify.targets.length > 0) {
      await save({ type: 'step:start', ticket: t.key, step: 'verify', reverify: true });
      const result = await reverify(ctx, t);
      if (result.verification) t.verification = result.verification;
      if (result.failure) {
        Object.assign(t, { status: 'failed', step: undefined, finishedAt: ctx.now(), error: { ...result.failure, message: `after rebasing onto ${state.base}: ${result.failure.message}` } });
        return await save({ type: 'ticket:failed', ticket: t.key, step: 'verify', reason: t.error?.message });
      }
      await save({ type: 'step:end', ticket: t.key, step: 'verify', ok: true, reverify: true });
    }
    const moved = await advanceBaseBranch(ctx.root, { base: state.base, to: t.head, expected: state.baseHead });
    if (moved.ok) return await merged(ctx, t, t.head, save);
    t.status = 'built';
    t.step = undefined;
    if (moved.reason === 'checked-out-dirty') state.trainStopped = moved.detail;
    await save({ type: 'merge:held', ticket: t.key, reason: moved.reason, detail: moved.detail });
  } catch (error) {
    Object.assign(t, { status: 'failed', step: undefined, finishedAt: ctx.now(), error: { step: 'merge', message: (error as Error).message } });
    await save({ type: 'ticket:failed', ticket: t.key, step: 'merge', reason: (error as Error).message });
  }
}

/** Follow the base branch when it moved forward outside our state (a merge recorded late, a push). */
async function syncBaseHead(root: string, state: RunState): Promise<void> {
  const actual = await readHead(root, `refs/heads/${state.base}`);
  if (actual !== state.baseHead && (await isAncestor(root, state.baseHead, actual))) state.baseHead = actual;
}

async function merged(ctx: RunContext, t: TicketRunState, sha: string, save: Save): Promise<void> {
  ctx.state.baseHead = sha;
  Object.assign(t, { status: 'merged', step: undefined, mergedSha: sha, finishedAt: ctx.now() });
  if (!t.completed.includes('merge')) t.completed.push('merge');
  await save({ type: 'ticket:merged', ticket: t.key, sha });
}

async function setAside(ctx: RunContext, t: TicketRunState, conflicts: string[], save: Save): Promise<void> {
  const upstream = t.stackedOn?.head ?? `"$(git merge-base HEAD ${ctx.state.base})"`;
  Object.assign(t, {
    status: 'conflict',
    step: undefined,
    finishedAt: ctx.now(),
    error: {
      step: 'merge',
      message: `rebase onto ${ctx.state.base} conflicts in ${conflicts.join(', ')}`,
      resolve: [`cd ${shellQuote(t.worktree as string)}`, `git rebase --onto ${ctx.state.base} ${upstream}`, 'fix the files, git add them, git rebase --continue', `nx-tickets retry ${t.key}`],
    },
  });
  await save({ type: 'ticket:conflict', ticket: t.key, files: conflicts });
}

/** A path as one POSIX shell word, for the commands a person copies from the summary. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/** Verify the rebased ticket, retrying machinery failures (Nx's database busy) with back-off. */
async function reverify(ctx: RunContext, t: TicketRunState) {
  for (let attempt = 0; ; attempt += 1) {
    const result = await ctx.runTask(buildReverifyTask(ctx, t), () => undefined, ctx.signal);
    if (!result.failure || !isInfrastructureFailure(result.failure) || attempt >= ctx.config.retries.infrastructure || ctx.signal.aborted) return result;
    await sleep(ctx.config.retries.backoffSeconds * 1000 * 2 ** attempt);
  }
}
