import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  FINAL_STATUSES,
  RESOURCE_CPU,
  decideNextMerge,
  decidePrefetch,
  decideStarts,
  detectUnplannedOverlaps,
  type CodeHost,
  findBlocked,
  type RunState,
  type StartDecision,
  type Ticket,
  type TicketRunState,
} from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/index.js';
import { createTicketWorktree, ensureWorktreesIgnored, linkNodeModules, mergeBaseOf, recoverWorktree, type TicketWorktree } from '../adapters/git/index.js';
import { cutByInterruption } from './cut-by-interruption.js';
import { identityOf } from './run-identity.js';
import { isInfrastructureFailure } from './is-infrastructure-failure.js';
import { mergeTicket } from './merge-ticket.js';
import { nxDataDirs } from './nx-data-dirs.js';
import { publishTicket } from './publish-ticket.js';
import type { RunEvent, RunStore } from './run-store.js';
import { createStateSaver, type SaveState } from './state-saver.js';
import type { TicketTask, TicketTaskEvent, TicketTaskResult, WorkerStep } from './ticket-task.js';

/** Runs a ticket's worker steps somewhere (a piscina worker, or in-process). */
export type TaskRunner = (task: TicketTask, onEvent: (event: TicketTaskEvent) => void, signal: AbortSignal) => Promise<TicketTaskResult>;

/** Everything a run needs. The run state is created (or loaded for resume) by the caller. */
export interface RunContext {
  root: string;
  state: RunState;
  /** Tickets of the run by key (for `TICKET_FILE` and per-ticket commands). */
  tickets: Map<string, Ticket>;
  config: ResolvedConfig;
  store: RunStore;
  runTask: TaskRunner;
  /** Where branches go and how the merge train lands them (local repository or GitHub). */
  host: CodeHost;
  /** Receives every event (reporters listen here). */
  onEvent: (event: RunEvent) => void;
  /** Whether system load admits one more ticket now; `reason` is shown while waiting. */
  admit: () => Promise<{ admit: true } | { admit: false; reason: string }>;
  signal: AbortSignal;
  now: () => number;
  /** The spawn server the pool's workers start git through (see `startSpawnServer`), if any. */
  spawnSocket?: string;
}

const WORKER_STEPS: WorkerStep[] = ['implement', 'verify', 'commit'];

/** Worktrees prepared ahead at the same time (see decidePrefetch). */
const PREFETCH_AT_ONCE = 2;

/**
 * Drive a run to its end: start tickets as the state machine allows (prepare on this thread,
 * implement/verify/commit on the pool), merge finished ones with the merge train, persist the state
 * after every transition. One ticket's failure never stops the others. Returns when every ticket is
 * final, or when `signal` aborts (state saved as `interrupted`; running tickets resume later).
 */
export async function runTickets(ctx: RunContext): Promise<RunState> {
  const { state } = ctx;
  await ensureWorktreesIgnored(ctx.root);
  const active = new Map<string, Promise<void>>();
  let merging: Promise<void> | undefined;
  // Worktrees prepared ahead while every thread is busy, by ticket (see decidePrefetch).
  const prepared = new Map<string, Promise<TicketWorktree | undefined>>();
  // Worktrees being prepared ahead now: two at a time, as their checkouts run outside the
  // repository queue, and one at a time fell behind when every thread finished within a prepare.
  const preparing = new Set<Promise<unknown>>();
  let waitingReason: string | undefined;
  // Saves are written in order, those asked for during a write together (group commit).
  const save = createStateSaver(ctx.store, state, ctx);
  await save({ type: 'run:start', runId: state.runId, tickets: state.order.length });
  while (!ctx.signal.aborted) {
    for (const key of findBlocked(state)) {
      const t = state.tickets[key] as TicketRunState;
      t.status = 'blocked';
      t.finishedAt = ctx.now();
      t.error = { step: 'prepare', message: `blocked: a ticket it depends on did not finish (${(state.dependsOn[key] ?? []).join(', ')})` };
      await save({ type: 'ticket:blocked', ticket: key, reason: t.error.message });
    }
    const admission = active.size < state.limits.maxThreads ? await ctx.admit() : { admit: true as const };
    if (!admission.admit && admission.reason !== waitingReason) await emit(ctx, { type: 'run:waiting', reason: admission.reason });
    waitingReason = admission.admit ? undefined : admission.reason;
    for (const decision of decideStarts(state, admission.admit, ctx.now())) {
      const t = state.tickets[decision.key] as TicketRunState;
      t.status = 'running';
      t.startedAt ??= ctx.now();
      t.thread = freeThread(state);
      // Written while the ticket prepares (idempotent: a runner killed before finds the worktree and reuses it).
      const started = save({ type: 'ticket:start', ticket: t.key, branch: t.branch, startPoint: decision.startPoint });
      const ahead = prepared.get(t.key);
      prepared.delete(t.key);
      active.set(t.key, startTicket(ctx, t, decision, save, started, ahead).finally(() => active.delete(t.key)));
    }
    // Every thread busy: prepare the next ticket's worktree now, so it goes straight to work.
    while (preparing.size < PREFETCH_AT_ONCE && admission.admit) {
      const ahead = decidePrefetch(state, new Set(prepared.keys()), ctx.now());
      if (!ahead) break;
      const t = state.tickets[ahead.key] as TicketRunState;
      const tree = prepareWorktree(ctx, t, ahead.startPoint.sha).catch(() => undefined); // preparing again at start says why
      prepared.set(t.key, tree);
      const done: Promise<unknown> = tree.finally(() => preparing.delete(done));
      preparing.add(done);
    }
    if (!merging) {
      const next = decideNextMerge(state);
      if (next) merging = mergeTicket(ctx, state.tickets[next] as TicketRunState, save).finally(() => (merging = undefined));
    }
    if (Object.values(state.tickets).every((t) => FINAL_STATUSES.includes(t.status))) break;
    const pending = [...active.values(), ...(merging ? [merging] : []), ...preparing];
    if (pending.length === 0) {
      const backingOff = Object.values(state.tickets).some((t) => t.status === 'pending' && (t.notBefore ?? 0) > ctx.now());
      if (!admission.admit || backingOff) await sleep(backingOff ? 250 : 2_000, ctx.signal);
      else if (decideStarts(state, true).length === 0 && !decideNextMerge(state)) break;
      continue;
    }
    const nap = sleep(admission.admit ? 60_000 : 2_000, ctx.signal);
    await Promise.race([...pending, nap]);
    nap.cancel(); // a pending timer would keep the process alive for up to a minute after the run
  }
  await Promise.allSettled([...active.values(), ...(merging ? [merging] : []), ...preparing]);
  state.status = ctx.signal.aborted ? 'interrupted' : 'finished';
  await save({ type: ctx.signal.aborted ? 'run:interrupted' : 'run:end', status: state.status });
  return state;
}

/**
 * Create (or reuse) a ticket's worktree on its branch at `startPoint` and link its dependencies: the
 * prepare step's work, also done ahead of the ticket's start (see decidePrefetch). Nothing is
 * recorded: a worktree made ahead by a runner that was then killed is reused when the ticket starts.
 */
async function prepareWorktree(ctx: RunContext, t: TicketRunState, startPoint: string): Promise<TicketWorktree> {
  const tree = await createTicketWorktree(ctx.root, { key: t.key, branch: t.branch, startPoint });
  await linkNodeModules(ctx.root, tree.path);
  return tree;
}

async function startTicket(ctx: RunContext, t: TicketRunState, decision: StartDecision, save: SaveState, started: Promise<void>, preparedAhead?: Promise<TicketWorktree | undefined>): Promise<void> {
  started.catch(() => undefined); // awaited below; a failure is the run's (the next save writes again)
  try {
    let freshCheckout = false;
    if (!t.completed.includes('prepare')) {
      // Made ahead from an older base (the base only moves forward meanwhile): the merge rebases it.
      const ahead = decision.startPoint.kind === 'base' ? await preparedAhead : undefined;
      const [tree] = await Promise.all([ahead ?? prepareWorktree(ctx, t, decision.startPoint.sha), started]);
      freshCheckout = tree.created;
      if (!tree.created) await recover(ctx, t, tree.path, save);
      t.worktree = tree.path;
      t.workspace = tree.workspaceRoot;
      // A branch with no commits of its own, left behind the start point for the uncommitted changes
      // in its worktree: when implement runs, it keeps those in a stash and starts over from the
      // start point (moving the branch there). Without implement the changes are the work: kept.
      t.startPoint = tree.behind && willImplement(ctx, t) ? tree.behind : tree.head;
      t.head = tree.head;
      if (decision.startPoint.kind === 'ticket') t.stackedOn = { key: decision.startPoint.key, head: decision.startPoint.sha };
      t.completed.push('prepare');
      // The worker starts meanwhile: its steps are idempotent, and their events are written after this.
      void save({ type: 'step:end', ticket: t.key, step: 'prepare', ok: true, worktree: t.worktree, created: tree.created }).catch(() => undefined);
    } else if (t.worktree) {
      await started;
      await recover(ctx, t, t.worktree, save);
      // An nx killed with the runner can leave the ticket's Nx data (its database) locked or half
      // written; it is derived data, rebuilt by the next nx call.
      await rm(nxDataDirs(ctx.root, t.key).workspaceData, { recursive: true, force: true });
    }
    const ticket = ctx.tickets.get(t.key);
    const task = { ...(await buildTask(ctx, t, ticket)), ...(freshCheckout ? { freshCheckout } : {}) };
    const result = await ctx.runTask(task, (event) => void onTaskEvent(ctx, t, event, save), ctx.signal);
    if (ctx.signal.aborted) return;
    for (const step of result.completed) if (!t.completed.includes(step)) t.completed.push(step);
    t.head = result.head;
    if (result.actualFiles) t.actualFiles = result.actualFiles;
    if (result.verification) t.verification = result.verification;
    if (result.failure) {
      if (await cutByInterruption(result.failure, ctx.signal)) return;
      return await failOrRetry(t, result.failure, ctx, save);
    }
    await publishTicket(ctx, t, save);
    t.step = undefined;
    t.status = 'built';
    t.builtAt = ctx.now();
    // The merge train may take it at once: the saves are written in order, and the train writes
    // the merge's start (so these too) before it changes anything. A failed write is written
    // again by the next save, which fails the run if it fails too.
    const saved = [save({ type: 'ticket:built', ticket: t.key, head: t.head, files: t.actualFiles?.length ?? 0, verification: t.verification })];
    for (const relation of detectUnplannedOverlaps(ctx.state, t.key)) {
      ctx.state.relations.push(relation);
      saved.push(save({ type: 'overlap:unplanned', ticket: t.key, before: relation.before, after: relation.after, items: relation.items }));
    }
    void Promise.all(saved).catch(() => undefined);
  } catch (error) {
    if (ctx.signal.aborted) return;
    const e = error as { message?: string; code?: string };
    await failOrRetry(t, { step: t.step ?? 'prepare', message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) }, ctx, save);
  }
}

/** Whether the ticket's implement step is still to run (it has a command and has not finished it). */
function willImplement(ctx: RunContext, t: TicketRunState): boolean {
  return !t.completed.includes('implement') && Boolean(ctx.tickets.get(t.key)?.command ?? ctx.config.implement.command);
}

/** A resumed ticket's worktree: git may have been killed mid-command there (a stale index.lock). */
async function recover(ctx: RunContext, t: TicketRunState, worktree: string, save: SaveState): Promise<void> {
  const actions = await recoverWorktree(worktree);
  if (actions.length > 0) await save({ type: 'ticket:recovered', ticket: t.key, actions });
}


async function buildTask(ctx: RunContext, t: TicketRunState, ticket: Ticket | undefined): Promise<TicketTask> {
  const workspace = t.workspace ?? (t.worktree as string);
  const dir = join(ctx.store.dir, 'tickets');
  await mkdir(dir, { recursive: true });
  const ticketFile = join(dir, `${t.key.replace(/[^A-Za-z0-9_-]/g, '-')}.json`);
  await writeFile(ticketFile, `${JSON.stringify(ticket ?? { key: t.key, title: t.title }, null, 2)}\n`);
  // Own changes: since the ticket it is stacked on, else since where the branch left the base
  // (for a new branch that is its start point; an existing ticket branch may be older).
  // A start point the base has been at is where the branch left it (the base only moves forward).
  // A worktree the merge train rebased (a retry after a failed re-verification) left its start point
  // for a newer base: measured from where it meets the base now.
  const baseCommits = new Set([ctx.state.baseStart, ctx.state.baseHead, ...Object.values(ctx.state.tickets).map((o) => o.mergedSha)]);
  const rebased = (t.attempts.merge ?? 0) > 0;
  const diffBase =
    t.stackedOn?.head ??
    (rebased ? await mergeBaseOf(workspace, 'HEAD', ctx.state.baseHead) : baseCommits.has(t.startPoint) ? t.startPoint : await mergeBaseOf(ctx.root, t.startPoint as string, ctx.state.baseHead)) ??
    (t.startPoint as string);
  const command = ticket?.command ?? ctx.config.implement.command;
  const memoryMb = ticket?.memoryMb ?? ctx.config.implement.memoryMb;
  const threads = ctx.state.limits.maxThreads;
  // Nx's --parallel: the CPU slots the ticket holds, else its share of the machine's cores.
  const cpuShare = t.resources[RESOURCE_CPU] ?? Math.max(1, Math.floor(availableParallelism() / threads));
  return {
    key: t.key,
    title: t.title,
    root: ctx.root,
    worktree: t.worktree as string,
    workspace,
    startPoint: t.startPoint as string,
    diffBase,
    steps: WORKER_STEPS.filter((s) => !t.completed.includes(s)),
    ticketFile,
    ...(command ? { implementCommand: command } : {}),
    implementTimeoutMs: ctx.config.implement.timeoutMinutes * 60_000,
    verify: { targets: ctx.config.verify.targets, cache: ctx.config.verify.cache, parallel: cpuShare, timeoutMs: ctx.config.verify.timeoutMinutes * 60_000 },
    ...(memoryMb ? { memoryLimitMb: memoryMb } : {}),
    commit: { message: `${t.key}: ${t.title}`, trailers: { Ticket: t.key }, identity: await identityOf(ctx) },
    ...(ctx.spawnSocket ? { spawnSocket: ctx.spawnSocket } : {}),
    logs: { implement: ctx.store.logFile(t.key, 'implement'), verify: ctx.store.logFile(t.key, 'verify'), commit: ctx.store.logFile(t.key, 'commit') },
  };
}

async function onTaskEvent(ctx: RunContext, t: TicketRunState, event: TicketTaskEvent, save: SaveState): Promise<void> {
  if (event.type === 'process') {
    t.processGroups = [...(t.processGroups ?? []).slice(-7), event.pgid];
    await save();
  } else if (event.type === 'kept') {
    await save({ type: 'ticket:kept', ticket: t.key, what: event.what });
  } else if (event.type === 'step:start') {
    t.step = event.step;
    t.attempts[event.step] = (t.attempts[event.step] ?? 0) + 1;
    await save({ type: 'step:start', ticket: t.key, step: event.step });
  } else {
    if (event.ok && !t.completed.includes(event.step)) t.completed.push(event.step);
    // A step cut short by the run's interruption is not the ticket's failure: `resume` runs it again.
    const interrupted = !event.ok && ctx.signal.aborted;
    await save({ type: 'step:end', ticket: t.key, step: event.step, ok: event.ok, ...(event.detail ? { detail: event.detail } : {}), ...(interrupted ? { interrupted: true } : {}) });
  }
}

/**
 * Infrastructure failures (a crashed worker, a git lock race, Nx's database busy) are retried up to
 * `retries.infrastructure` times with exponential back-off; anything else — a failing test, a
 * command exiting non-zero — fails the ticket at once.
 */
async function failOrRetry(t: TicketRunState, failure: TicketRunState['error'] & object, ctx: RunContext, save: SaveState): Promise<void> {
  const retries = t.infraRetries ?? 0;
  if (!isInfrastructureFailure(failure) || retries >= ctx.config.retries.infrastructure) return fail(t, failure, ctx, save);
  const delayMs = ctx.config.retries.backoffSeconds * 1000 * 2 ** retries;
  Object.assign(t, { status: 'pending', step: undefined, thread: undefined, infraRetries: retries + 1, notBefore: ctx.now() + delayMs });
  await save({ type: 'ticket:retry', ticket: t.key, step: failure.step, reason: failure.message, attempt: retries + 1, delayMs });
}

async function fail(t: TicketRunState, failure: TicketRunState['error'] & object, ctx: RunContext, save: SaveState): Promise<void> {
  t.status = 'failed';
  t.error = failure;
  t.finishedAt = ctx.now();
  t.step = undefined;
  await save({ type: 'ticket:failed', ticket: t.key, step: failure.step, reason: failure.message, ...(failure.logFile ? { log: failure.logFile } : {}) });
}

function freeThread(state: RunState): number {
  const used = new Set(Object.values(state.tickets).filter((t) => t.status === 'running' && t.thread !== undefined).map((t) => t.thread));
  for (let i = 0; ; i += 1) if (!used.has(i)) return i;
}

/** Emit an event to the listeners and the event log. */
export async function emit(ctx: Pick<RunContext, 'store' | 'onEvent' | 'now'>, event: Omit<RunEvent, 'at'>): Promise<void> {
  const full = { ...event, at: ctx.now() } as RunEvent;
  ctx.onEvent(full);
  await ctx.store.appendEvent(full);
}

/** Resolves after `ms` or on abort; `cancel()` clears the timer and the abort listener (and resolves). */
function sleep(ms: number, signal: AbortSignal): Promise<void> & { cancel: () => void } {
  let cancel = () => undefined as void;
  const promise = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    cancel = done;
  });
  return Object.assign(promise, { cancel });
}

