import { RESOURCE_CPU, type TicketRunState } from '@nx-tickets/core';
import type { RunContext } from './run-tickets.js';
import type { TicketTask } from './ticket-task.js';

/**
 * A verify-only task for a ticket rebased onto a moved base: its changes are measured from the new
 * base, with the same time limit (`verify.timeoutMinutes`), memory limit and CPU slots as its first
 * verification.
 */
export function buildReverifyTask(ctx: RunContext, t: TicketRunState): TicketTask {
  const memoryLimitMb = ctx.tickets.get(t.key)?.memoryMb ?? ctx.config.implement.memoryMb;
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
    verify: { targets: ctx.config.verify.targets, cache: ctx.config.verify.cache, parallel: t.resources[RESOURCE_CPU] ?? 1, timeoutMs: ctx.config.verify.timeoutMinutes * 60_000 },
    ...(memoryLimitMb ? { memoryLimitMb } : {}),
    commit: { message: '', trailers: {} },
    logs: { implement: log, verify: log, commit: log },
    ...(ctx.spawnSocket ? { spawnSocket: ctx.spawnSocket } : {}),
  };
}
