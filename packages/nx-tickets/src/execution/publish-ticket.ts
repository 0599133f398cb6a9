import type { TicketRunState } from '@nx-tickets/core';
import { toHostTicket } from './host-ticket.js';
import type { RunEvent } from './run-store.js';
import type { RunContext } from './run-tickets.js';

type Save = (event?: Omit<RunEvent, 'at'>) => Promise<void>;

/**
 * The `push` and `pr` steps of a built ticket: the code host pushes its branch and finds or opens
 * its one pull request; the pull request is recorded on the ticket (`prNumber`, `prUrl`) and
 * announced as `ticket:pr` before anything else happens, so a resumed run finds it. Nothing to do
 * for a host that pushes nothing (the plain local host) or when done before. The ticket's `step` is restored afterwards.
 *
 * @throws whatever the host throws (the caller fails the ticket at `t.step`).
 */
export async function publishTicket(ctx: RunContext, t: TicketRunState, save: Save): Promise<void> {
  if (ctx.host.pushesBranches !== true || t.completed.includes('pr')) return;
  const previous = t.step;
  t.step = 'push';
  t.attempts.push = (t.attempts.push ?? 0) + 1;
  await save({ type: 'step:start', ticket: t.key, step: 'push' });
  const published = await ctx.host.publish(await toHostTicket(ctx, t, true), { name: ctx.state.base }, { signal: ctx.signal });
  for (const step of ['push', 'pr'] as const) if (!t.completed.includes(step)) t.completed.push(step);
  const pr = published.pullRequest;
  if (pr) Object.assign(t, { prNumber: pr.number, prUrl: pr.url });
  await save({ type: 'step:end', ticket: t.key, step: 'push', ok: true });
  if (pr) await save({ type: 'ticket:pr', ticket: t.key, url: pr.url, number: pr.number, opened: published.opened === true });
  t.step = previous;
}
