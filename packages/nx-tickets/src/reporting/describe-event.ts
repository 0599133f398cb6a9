import { formatDuration } from '@nx-tickets/core';
import type { RunEvent } from '../execution/run-store.js';

/**
 * One line of plain output for an event, or `undefined` for events that only the dashboard and
 * `--json` show. Example: `PROJ-1  ✓ verify (web, avatar)`.
 */
export function describeEvent(event: RunEvent): string | undefined {
  const who = event.ticket ? `${event.ticket}  ` : '';
  const v = event as Record<string, unknown>;
  switch (event.type) {
    case 'run:start':
      return `run ${String(v['runId'])}: ${String(v['tickets'])} ticket${v['tickets'] === 1 ? '' : 's'}`;
    case 'run:waiting':
      return `waiting: ${String(v['reason'])}`;
    case 'ticket:start':
      return `${who}▶ start on ${String(v['branch'])}`;
    case 'step:start':
      return `${who}… ${String(v['step'])}${v['reverify'] ? ' (again, after rebase)' : ''}`;
    case 'step:end':
      if (v['ok']) return `${who}✓ ${String(v['step'])}`;
      if (v['interrupted']) return `${who}⏸ ${String(v['step'])} interrupted (resume runs it again)`;
      return `${who}✗ ${String(v['step'])}${v['detail'] ? `: ${String(v['detail'])}` : ''}`;
    case 'ticket:built': {
      const verification = v['verification'] as { projects?: string[]; skipped?: boolean; note?: string } | undefined;
      const verified = verification?.skipped ? 'not verified (no targets)' : verification?.note ?? `verified ${verification?.projects?.join(', ') ?? ''}`;
      const files = Number(v['files']);
      return `${who}● built ${String(v['head']).slice(0, 10)} · ${files} file${files === 1 ? '' : 's'} · ${verified}`;
    }
    case 'overlap:unplanned':
      return `${who}⚠ unplanned overlap ${String(v['before'])} ↔ ${String(v['after'])} on ${(v['items'] as string[]).join(', ')}`;
    case 'ticket:merged':
      return `${who}✓ merged ${String(v['sha']).slice(0, 10)}`;
    case 'ticket:failed':
      return `${who}✗ failed at ${String(v['step'])}: ${String(v['reason'])}${v['log'] ? ` (log: ${String(v['log'])})` : ''}`;
    case 'ticket:retry':
      return `${who}↻ ${String(v['step'])} failed on the machinery (${String(v['reason'])}); retry ${String(v['attempt'])} in ${formatDuration(Number(v['delayMs']))}`;
    case 'ticket:blocked':
      return `${who}⊘ ${String(v['reason'])}`;
    case 'ticket:conflict':
      return (v['files'] as string[]).length > 0 || !v['reason'] ? `${who}⚠ rebase conflict in ${(v['files'] as string[]).join(', ')}: set aside` : `${who}⚠ ${String(v['reason'])}: set aside`;
    case 'ticket:pr':
      return `${who}⇡ pull request #${String(v['number'])} ${v['opened'] ? 'opened' : 'found'}: ${String(v['url'])}`;
    case 'merge:retry':
      return `${who}↻ merge again (${String(v['reason'])})`;
    case 'host:warning':
      return `⚠ ${String(v['message'])}`;
    case 'run:recovered':
      return `removed git lock files left by the interrupted run: ${(v['locks'] as string[]).join(', ')}`;
    case 'ticket:recovered':
      return `${who}↺ repaired its worktree after an interruption: ${(v['actions'] as string[]).join(', ')}`;
    case 'ticket:kept':
      return `${who}↳ ${String(v['what'])}`;
    case 'ticket:committed':
      return `${who}✓ committed what was left uncommitted in its worktree (${String(v['files'])} file(s)): ${String(v['head']).slice(0, 10)}`;
    case 'merge:held':
      return `${who}⏸ merge held: ${String(v['detail'])}`;
    case 'sync:warning':
      return `${who}⚠ ${String(v['message'])}`;
    case 'run:interrupted':
      return 'interrupted: state saved; continue with `nx-tickets resume`';
    case 'run:end':
      return undefined;
    case 'run:status':
      return `status after ${formatDuration(Number(v['elapsedMs']))}: ${String(v['text'])}`;
    default:
      return undefined;
  }
}
