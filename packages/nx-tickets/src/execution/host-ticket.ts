import { CodeownersMatcher, type HostTicket, type TicketRunState } from '@nx-tickets/core';
import { readCodeowners } from '../adapters/nx/index.js';
import type { RunContext } from './run-tickets.js';

/**
 * A ticket of the run as the code host sees it: branch, verified head, its recorded pull request,
 * predicted and actual files, verification, the ticket's link, the issue it closes (`#N` keys of
 * GitHub issues) and, when `withOwners`, the CODEOWNERS owners of its changed files.
 */
export async function toHostTicket(ctx: RunContext, t: TicketRunState, withOwners = false): Promise<HostTicket> {
  const ticket = ctx.tickets.get(t.key);
  const issue = /^#(\d+)$/.exec(t.key);
  const owners = withOwners ? ownersOf(await readCodeowners(ctx.root).catch(() => []), t.actualFiles ?? []) : [];
  return {
    key: t.key,
    title: t.title,
    branch: t.branch,
    head: t.head as string,
    worktree: t.worktree as string,
    ...(t.prNumber !== undefined && t.prUrl ? { pullRequest: { number: t.prNumber, url: t.prUrl } } : {}),
    ...(ticket?.origin ? { ticketUrl: ticket.origin } : {}),
    ...(issue && ticket?.source === 'github' ? { closes: [Number(issue[1])] } : {}),
    predictedFiles: t.plannedFiles,
    actualFiles: t.actualFiles ?? [],
    ...(t.verification ? { verification: t.verification } : {}),
    ...(owners.length > 0 ? { owners } : {}),
  };
}

function ownersOf(rules: Awaited<ReturnType<typeof readCodeowners>>, files: readonly string[]): string[] {
  if (rules.length === 0) return [];
  const matcher = new CodeownersMatcher(rules);
  return [...new Set(files.flatMap((f) => matcher.ownersOf(f)))].sort();
}
