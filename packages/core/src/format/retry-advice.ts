import type { StatusUpdate } from '../ports/status-sync.js';

/** One piece of {@link retryAdvice}: plain text, or a command to show as code. */
export type AdvicePart = { text: string } | { code: string };

/**
 * What a person does next about a ticket that failed, is blocked or was set aside, for the
 * comments written back to Jira and GitHub — the same advice as the run summary gives:
 * - failed at `implement`: `retry` runs the implement command again from a clean worktree (what
 *   is there is kept), and a changed ticket or command needs a new `run`;
 * - failed at another step: fix it in the ticket's worktree, then `retry` verifies and commits it;
 * - set aside with a merge conflict: resolve it in the worktree (the run summary has the commands), then `retry`;
 * - blocked: it goes on once the ticket it depends on is retried, which unblocks it.
 *
 * @returns the parts, in order, ending with a full stop.
 */
export function retryAdvice(update: Extract<StatusUpdate, { type: 'failed' }>): AdvicePart[] {
  const retry = { code: `nx-tickets retry ${update.key}` };
  if (update.status === 'blocked') return [{ text: 'It waits for a ticket it depends on. Once that one is fixed, retrying it (' }, { code: 'nx-tickets retry <its key>' }, { text: ') unblocks this one too.' }];
  if (update.status === 'conflict') return [{ text: 'Resolve the conflict in its worktree (' }, { code: 'nx-tickets status' }, { text: ' shows the commands), then run ' }, retry, { text: '.' }];
  if (update.step === 'implement') {
    return [
      retry,
      { text: ' runs the implement command again from a clean worktree (changes made there are kept: see the implement log). To change the ticket or its command, edit it and start a new ' },
      { code: `nx-tickets run ${update.key}` },
      { text: '.' },
    ];
  }
  return [{ text: 'Fix it in its worktree, then run ' }, retry, { text: ' (it verifies and commits what is there).' }];
}

/** {@link retryAdvice} as Markdown (commands in backticks). */
export function retryAdviceMarkdown(update: Extract<StatusUpdate, { type: 'failed' }>): string {
  return retryAdvice(update).map((part) => ('code' in part ? `\`${part.code}\`` : part.text)).join('');
}
