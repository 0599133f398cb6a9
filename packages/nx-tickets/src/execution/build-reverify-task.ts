import type { TicketRunState } from '@nx-tickets/core';
import type { RunContext } from './run-tickets.js';
import type { TicketTask } from './ticket-task.js';

/** A verify-only task for a ticket rebased onto a moved base: its changes are measured from the new base. */
export function buildReverifyTask(ctx: RunContext, t: TicketRunState): TicketTask {
  const log = ctx.store.logFile(t.key, 'verify').replace(/\.log$/, '-after-rebase.log');
  return {
    key: t.key,
    title: t.title,
    root: ctx.root,
    worktree: t.worktree as string,
    workspace: t.workspace ?? (t.worktree as string),
    startPoint: t.head as string,
    diffBase: ctx.state.baseHead,
    steps: ['verify'],
    ticketFile: '',
    implementTimeoutMs: 0,
    verify: { targets: ctx.config.verify.targets, cache: ctx.config.verify.cache, parallel: 1, timeoutMs: 30 * 60_000 },
    commit: { message: '', trailers: {} },
    logs: { implement: log, verify: log, commit: log },
  };
}
