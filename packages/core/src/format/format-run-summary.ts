import pc from 'picocolors';
import { goalStatus, type RunState, type TicketRunStatus } from '../run/run-state.js';
import { summarizeRun } from '../run/summarize-run.js';
import { displayWidth, padEndToWidth } from './display-width.js';
import { formatDuration } from './format-duration.js';

const MARK: Record<TicketRunStatus, string> = { merged: '✓', built: '●', merging: '●', running: '●', pending: '◯', failed: '✗', blocked: '⊘', conflict: '⚠' };

/**
 * The end-of-run summary: one row per ticket (outcome, duration, branch, merged commit or reason)
 * and the metrics — wall time, sequential time, time saved, thread utilisation, conflicts, success
 * rate — plus what to do next for failed, blocked and set-aside tickets (a ticket failed at
 * `implement`: what `retry` runs again, and that a changed command needs a new run; any other failed
 * step: fix it in the worktree, then `retry`). Ends with a newline.
 *
 * @param now clock reading, ms (closes the durations of unfinished tickets).
 */
export function formatRunSummary(state: RunState, now: number, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const s = summarizeRun(state, now);
  // Terminal columns: a branch that existed before the run may hold CJK characters or emoji.
  const keyWidth = Math.max(6, ...s.rows.map((r) => displayWidth(r.key)));
  const branchWidth = Math.max(6, ...s.rows.map((r) => displayWidth(r.branch)));
  const colour = (status: TicketRunStatus, text: string) => (status === 'merged' ? c.green(text) : status === 'failed' || status === 'conflict' ? c.red(text) : status === 'blocked' ? c.yellow(text) : text);
  const kind = state.ci?.kind === 'shard' ? ` (shard ${state.ci.index}/${state.ci.total})` : state.ci?.kind === 'merge' ? ' (merge job)' : '';
  // A run that ended with its train on hold has built tickets left: it did not finish its job.
  const headline = state.status === 'finished' && state.trainStopped ? 'finished with the merge train on hold' : state.status;
  const lines = [c.bold(`Run ${state.runId}${kind} — ${headline}`), `${'ticket'.padEnd(keyWidth)}  ${'outcome'.padEnd(10)}  ${'time'.padStart(8)}  ${'branch'.padEnd(branchWidth)}  merged / reason`];
  for (const row of s.rows) {
    const stopped = state.status === 'interrupted' && (row.status === 'running' || row.status === 'merging') ? 'stopped by the interruption; resume continues it' : undefined;
    const last = row.mergedSha ? `${row.mergedSha.slice(0, 10)}${row.mergedElsewhere ? ' (by another run)' : ''}` : (row.reason ?? stopped ?? (row.status === 'built' && state.trainStopped ? 'built, waiting for the merge train' : ''));
    lines.push(`${padEndToWidth(row.key, keyWidth)}  ${colour(row.status, `${MARK[row.status]} ${row.status}`.padEnd(10))}  ${formatDuration(row.durationMs).padStart(8)}  ${padEndToWidth(row.branch, branchWidth)}  ${last}`);
  }
  const rate = Math.round(s.successRate * 100);
  lines.push(
    '',
    `wall time ${formatDuration(s.wallMs)} · sequential ${formatDuration(s.sequentialMs)} · saved ${formatDuration(s.savedMs)} · utilisation ${Math.round(s.utilization * 100)}% of ${state.limits.maxThreads} thread${state.limits.maxThreads === 1 ? '' : 's'}`,
    `conflicts: ${s.conflicts.planned} planned, ${s.conflicts.unplanned} unplanned, ${s.conflicts.setAside} set aside · success ${s.counts[goalStatus(state)]}/${s.rows.length}${state.ci?.kind === 'shard' ? ' built' : ''} (${rate}%)`,
  );
  if (s.unverified.length > 0) lines.push(c.yellow(`not verified (verify.targets is empty): ${s.unverified.join(', ')}`));
  for (const t of state.order.map((k) => state.tickets[k]).filter((t) => t?.error)) {
    const e = t!.error!;
    lines.push(`${colour(t!.status, `${t!.key}`)}: ${e.message}${e.logFile ? ` (log: ${e.logFile})` : ''}`);
    for (const step of e.resolve ?? []) lines.push(`    ${step}`);
    // A failed ticket's next step; set-aside ones carry their own commands, blocked ones follow their dependency.
    if (!e.resolve && t!.status === 'failed') {
      const worktree = t!.worktree && !t!.worktreeRemoved ? t!.worktree : undefined;
      if (e.step === 'implement') {
        // retry does not keep a hand fix there (implement starts over) and reads the ticket as the run started.
        lines.push(`    \`nx-tickets retry ${t!.key}\` runs the implement command again from a clean worktree (${worktree ? `${worktree}; ` : ''}uncommitted changes there are kept in git stash, commits under refs/nx-tickets/kept/; the implement log says how to get them back)`);
        lines.push(`    to change the command or the ticket, edit it and start a new \`nx-tickets run ${t!.key}\``);
      } else {
        // retry verifies and commits what is in the worktree then (see requeueTicket).
        lines.push(`    fix it${worktree ? ` (its worktree: ${worktree})` : ''}, then \`nx-tickets retry ${t!.key}\``);
      }
    }
  }
  for (const warning of state.warnings ?? []) lines.push(c.yellow(`warning: ${warning}`));
  if (state.ci?.kind === 'shard') lines.push(`shard ${state.ci.index}/${state.ci.total}: nothing was merged; once every shard is done, \`nx-tickets merge\` merges the pushed branches`);
  if (state.trainStopped) lines.push(c.red(`merge train stopped: ${state.trainStopped}`));
  return `${lines.join('\n')}\n`;
}
