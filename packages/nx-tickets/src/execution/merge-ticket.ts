import { needsReverify, type RunState, type TicketRunState } from '@nx-tickets/core';
import { commitAll, execGit, isAncestor, mergeBaseOf, mergeInto, readHead, rebaseOnto, recoverWorktree, resetWorktreeTo, untrackedStatusArgs } from '../adapters/git/index.js';
import { buildReverifyTask } from './build-reverify-task.js';
import type { RunEvent } from './run-store.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { isInfrastructureFailure } from './is-infrastructure-failure.js';
import { toHostTicket } from './host-ticket.js';
import { publishTicket } from './publish-ticket.js';
import { cutByInterruption } from './cut-by-interruption.js';
import { followBase } from './follow-base.js';
import { identityOf } from './run-identity.js';
import type { RunContext } from './run-tickets.js';

type Save = (event?: Omit<RunEvent, 'at'>) => Promise<void>;

/**
 * One stop of the merge train: bring the ticket's branch onto the current base (rebase, or
 * merge per `merge.strategy`, or the host's update-branch), verify again when a related ticket was
 * merged since it started, then land it through the code host (local: fast-forward the base branch;
 * GitHub: merge its pull request, retrying or re-verifying as the host's answer asks). A conflict sets the ticket aside (`conflict`, branch and
 * worktree kept, with the commands to resolve it); the train goes on with the others. The base only
 * ever moves forward, to verified commits; a base checked out with local changes stops the train.
 */
export async function mergeTicket(ctx: RunContext, t: TicketRunState, save: Save): Promise<void> {
  const { state } = ctx;
  t.status = 'merging';
  t.step = 'merge';
  t.attempts.merge = (t.attempts.merge ?? 0) + 1;
  const retried = t.attempts.merge > 1;
  // Written while the first reads run: they change nothing, and the rebase waits for it.
  const started = save({ type: 'step:start', ticket: t.key, step: 'merge' });
  try {
    // Built before its pull request was opened (a resumed or retried run): published first.
    if (ctx.host.pushesBranches === true && !t.completed.includes('pr')) {
      await started;
      await publishTicket(ctx, t, save);
    }
    const worktree = t.worktree as string;
    // A runner killed mid-rebase leaves the rebase (and git's lock files) behind: undo them first.
    // Whether it landed already is asked at the same time, against the base as recorded: the train
    // waits for these on every ticket, and the base rarely moves outside the run.
    const recordedBase = state.baseHead;
    const landedOn = (head: string) => toHostTicket(ctx, t).then((ticket) => ctx.host.findLanded(ticket, { name: state.base, head }));
    // So is where the branch left the base, for the rebase (worthless if the worktree needed recovery).
    const rebasing = !(ctx.host.updateBranch && !t.stackedOn) && ctx.config.merge.strategy !== 'merge';
    const readEarly = async (): Promise<{ head: string; mergeBase: string | undefined } | undefined> => {
      const [head, mergeBase] = await Promise.all([readHead(worktree), t.stackedOn ? undefined : mergeBaseOf(worktree, 'HEAD', recordedBase)]);
      return { head, mergeBase };
    };
    // And where the base is checked out, for landing it (the local host reads it while the ticket is rebased).
    ctx.host.prepareLand?.({ name: state.base });
    const [, , recovered, landedEarly, early0, dirtyEarly] = await Promise.all([
      started,
      syncBaseHead(ctx, state),
      recoverWorktree(worktree),
      t.head ? landedOn(recordedBase) : undefined,
      rebasing ? readEarly().catch(() => undefined) : undefined, // read again by the rebase when this failed
      // Only a ticket the train saw before (a retry after a conflict or a failed merge, a resume) can
      // hold a person's work: the commit step leaves a freshly built worktree clean.
      retried ? hasUncommittedWork(worktree) : false,
    ]);
    let knownEarly = early0;
    if (recovered.length > 0) await save({ type: 'ticket:recovered', ticket: t.key, actions: recovered });
    // What a person left uncommitted there (a fix after a conflict or a failed merge, then retry) is
    // the ticket's work: committed now, so what is verified (the working tree) is what lands. The
    // new head differs from the recorded one, so it is verified again below. Not after a recovery:
    // what a killed git command left half-done is nobody's work (the rebase then refuses it).
    if (retried && recovered.length === 0 && dirtyEarly) {
      const commit = await commitAll(t.workspace ?? worktree, { message: `${t.key}: ${t.title}`, trailers: { Ticket: t.key }, identity: await identityOf(ctx) });
      knownEarly = undefined;
      await save({ type: 'ticket:committed', ticket: t.key, head: commit.sha, files: commit.files?.length ?? 0 });
    }
    // The host may ask to integrate again (its base moved) or to verify a head it has: a few rounds.
    for (let round = 1, verifyAgain = false; ; round += 1) {
      if (round > 1) await syncBaseHead(ctx, state);
      const early = round === 1 && recovered.length === 0 && state.baseHead === recordedBase;
      const landed = early ? landedEarly : t.head ? await landedOn(state.baseHead) : undefined;
      if (landed) return await merged(ctx, t, landed, save);
      // The worktree's head before integrating, where the branch lives here (not the host's update-branch).
      const updateBranch = t.stackedOn ? undefined : ctx.host.updateBranch?.bind(ctx.host);
      const before = updateBranch ? undefined : ((early ? knownEarly?.head : undefined) ?? (await readHead(worktree)));
      const integrated = updateBranch
        ? await updateBranch(await toHostTicket(ctx, t), { name: state.base, head: state.baseHead }, { signal: ctx.signal })
        : ctx.config.merge.strategy === 'merge'
          ? await mergeInto(worktree, { ref: state.baseHead })
          : await rebaseOnto(worktree, { onto: state.baseHead, ...(t.stackedOn ? { upstream: t.stackedOn.head } : {}), ...(early && knownEarly ? { known: knownEarly } : {}) });
      if (!integrated.ok) return await setAside(ctx, t, integrated.conflicts, save, integrated.conflicts.length === 0 ? integrated.reason : undefined);
      // A head other than the last verified one (a person resolved a conflict and retried, or
      // committed there; a run stopped before a re-verification passed) was never verified, whether
      // or not the base moved since.
      const editedByHand = before !== undefined ? before !== t.head : !integrated.moved && integrated.head !== t.head;
      const moved = integrated.moved && (needsReverify(state, t.key) || (await lacksOutsideWork(ctx, t.head)));
      if ((moved || editedByHand || verifyAgain) && ctx.config.verify.targets.length > 0) {
        // `t.head` stays the last verified head until this passes: a run stopped meanwhile finds the
        // worktree ahead of it on resume, and verifies again before landing (editedByHand).
        await save({ type: 'step:start', ticket: t.key, step: 'verify', reverify: true });
        const result = await reverify(ctx, { ...t, head: integrated.head });
        // Cut short by the run's interruption: the train stops here, and resume verifies it again.
        if (result.failure && (await cutByInterruption(result.failure, ctx.signal))) return;
        if (result.verification) t.verification = result.verification;
        if (result.failure) {
          Object.assign(t, { status: 'failed', step: undefined, finishedAt: ctx.now(), error: { ...result.failure, message: `after rebasing onto ${state.base}: ${result.failure.message}` } });
          return await save({ type: 'ticket:failed', ticket: t.key, step: 'verify', reason: t.error?.message });
        }
        t.head = integrated.head;
        await save({ type: 'step:end', ticket: t.key, step: 'verify', ok: true, reverify: true });
        ctx.host.prepareLand?.({ name: state.base }); // what was read before verifying may be old now
      } else t.head = integrated.head;
      // Integrated onto the base just now: the head descends from it.
      const outcome = await ctx.host.land(await toHostTicket(ctx, t), { name: state.base, head: state.baseHead }, { signal: ctx.signal, onBase: true });
      if (outcome.kind === 'merged') return await merged(ctx, t, outcome.sha, save);
      if (outcome.kind === 'conflict') return await setAside(ctx, t, [], save, outcome.reason);
      if (outcome.kind === 'failed') return await failMerge(ctx, t, outcome.reason, save, outcome.code);
      if (outcome.kind === 'held') {
        t.status = 'built';
        t.step = undefined;
        if (outcome.stopTrain) state.trainStopped = outcome.detail;
        return await save({ type: 'merge:held', ticket: t.key, reason: outcome.reason, detail: outcome.detail });
      }
      if (round >= MAX_LAND_ROUNDS) return await failMerge(ctx, t, `gave up after ${round} tries: ${outcome.reason}`, save);
      await save({ type: 'merge:retry', ticket: t.key, reason: outcome.reason, round });
      verifyAgain = outcome.kind === 'reverify';
      if (outcome.kind === 'retry' && outcome.retryAfterMs) await sleep(outcome.retryAfterMs);
      if (outcome.kind === 'reverify' && outcome.head !== t.head) {
        await resetWorktreeTo(worktree, outcome.head);
        t.head = outcome.head;
      }
    }
  } catch (error) {
    // Cut short by the interruption (a re-verification or host call aborted): left merging, which
    // resume turns back into built and merges again.
    if (ctx.signal.aborted) return;
    await failMerge(ctx, t, (error as Error).message, save, (error as { code?: string }).code);
  }
}

/** Rounds of integrate → verify → land before the train gives up on a ticket whose host keeps refusing. */
const MAX_LAND_ROUNDS = 5;

async function failMerge(ctx: RunContext, t: TicketRunState, message: string, save: Save, code?: string): Promise<void> {
  Object.assign(t, { status: 'failed', step: undefined, finishedAt: ctx.now(), error: { step: 'merge', message, ...(code ? { code } : {}) } });
  await save({ type: 'ticket:failed', ticket: t.key, step: 'merge', reason: message });
}

/** Follow the base branch when it moved forward outside our state (a merge recorded late, a push). */
async function syncBaseHead(ctx: RunContext, state: RunState): Promise<void> {
  await followBase(ctx.root, state, await ctx.host.readBase(state.base, { signal: ctx.signal }));
}

async function merged(ctx: RunContext, t: TicketRunState, sha: string, save: Save): Promise<void> {
  ctx.state.baseHead = sha;
  Object.assign(t, { status: 'merged', step: undefined, mergedSha: sha, finishedAt: ctx.now() });
  if (!t.completed.includes('merge')) t.completed.push('merge');
  // The train goes on while this is written: the next ticket's merge writes its start (and so this)
  // before it changes anything, and a runner killed before finds the ticket on the base again
  // (findLanded). A failed write is written again by the next save, which fails the run if it fails too.
  void save({ type: 'ticket:merged', ticket: t.key, sha, ...(t.prUrl ? { pullRequestUrl: t.prUrl } : {}) }).catch(() => undefined);
}

async function setAside(ctx: RunContext, t: TicketRunState, conflicts: string[], save: Save, reason?: string): Promise<void> {
  const upstream = t.stackedOn?.head ?? `"$(git merge-base HEAD ${ctx.state.base})"`;
  Object.assign(t, {
    status: 'conflict',
    step: undefined,
    finishedAt: ctx.now(),
    error: {
      step: 'merge',
      message: reason ?? `rebase onto ${ctx.state.base} conflicts in ${conflicts.join(', ')}`,
      resolve: [`cd ${shellQuote(t.worktree as string)}`, `git rebase --onto ${ctx.state.base} ${upstream}`, 'fix the files, git add them, git rebase --continue', `nx-tickets retry ${t.key}`],
    },
  });
  await save({ type: 'ticket:conflict', ticket: t.key, files: conflicts, ...(reason ? { reason } : {}) });
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

/** Whether the worktree at `path` has changes to tracked files or new files git does not ignore. */
async function hasUncommittedWork(path: string): Promise<boolean> {
  return (await execGit(path, untrackedStatusArgs())).stdout !== '';
}

/**
 * Whether the base holds work from outside the run (`state.outsideHead`) that the ticket's last
 * verified head does not: such a ticket was never verified with it. A head git cannot place (not
 * fetched) counts as lacking it.
 */
async function lacksOutsideWork(ctx: RunContext, verifiedHead: string | undefined): Promise<boolean> {
  const outside = ctx.state.outsideHead;
  if (outside === undefined) return false;
  if (verifiedHead === undefined) return true;
  return !(await isAncestor(ctx.root, outside, verifiedHead).catch(() => false));
}
