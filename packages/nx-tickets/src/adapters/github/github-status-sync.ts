import { retryAdviceMarkdown, type StatusSync, type StatusUpdate } from '@nx-tickets/core';
import type { GitHubClient } from './github-client.js';
import { toGitHubError } from './github-error.js';

/** Options of {@link GitHubStatusSync}. */
export interface GitHubStatusSyncOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** Comment on the issue when its ticket fails, is blocked or set aside (default true). */
  commentOnFailure?: boolean;
  token?: string;
}

/** Hidden marker that makes a comment recognisable, so a repeated update posts nothing new. */
const marker = (update: StatusUpdate) => `<!-- nx-tickets:${update.type}:${update.key}:${update.type === 'failed' ? `${update.status}:${update.step}` : ''} -->`;

/**
 * Writes a run's progress back to GitHub issues (tickets with `#N` keys). A failed, blocked or
 * set-aside ticket gets one comment with the reason (`POST /repos/{owner}/{repo}/issues/{issue_number}/comments`,
 * skipped when the same comment is there already). Merged tickets need nothing: the pull request's
 * `Closes #N` closes the issue when it lands; started and pull-request updates show on the issue
 * through the pull request's link. Requests are retried by the client's plugins.
 */
export class GitHubStatusSync implements StatusSync {
  constructor(private readonly options: GitHubStatusSyncOptions) {}

  /** @throws GitHubError when GitHub refuses the comment after the client's retries. */
  async apply(update: StatusUpdate): Promise<void> {
    const issue = /^#(\d+)$/.exec(update.key);
    if (!issue || update.type !== 'failed' || this.options.commentOnFailure === false) return;
    const { client, owner, repo } = this.options;
    const number = Number(issue[1]);
    try {
      const existing = await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 });
      if (existing.some((c) => c.body?.includes(marker(update)))) return;
      const what = { failed: 'failed', blocked: 'is blocked', conflict: 'was set aside (merge conflict)' }[update.status];
      const body = `${marker(update)}\nnx-tickets: ${update.key} ${what} at step \`${update.step}\`.\n\n> ${update.reason.replaceAll('\n', '\n> ')}\n\n${retryAdviceMarkdown(update)}`;
      await client.rest.issues.createComment({ owner, repo, issue_number: number, body });
    } catch (error) {
      throw toGitHubError(error, `comment on issue #${number}`, this.options.token, update.key);
    }
  }
}
