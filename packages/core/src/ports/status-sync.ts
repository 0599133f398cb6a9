/**
 * One change to write back to the ticket system, in the order the run made it.
 *
 * - `started`: the ticket's pipeline began (Jira: transition to an in-progress status).
 * - `pull-request`: its PR was opened (Jira: a comment with the link).
 * - `merged`: its work landed on `base` at `sha` (Jira: transition to a done status; GitHub issues
 *   close through the PR's `Closes #N`).
 * - `failed`: it failed, was blocked by a failed dependency, or was set aside with a merge conflict
 *   (a comment with the reason, mentioning the assignee).
 */
export type StatusUpdate =
  | { type: 'started'; key: string; branch: string }
  | { type: 'pull-request'; key: string; url: string; number: number }
  | { type: 'merged'; key: string; sha: string; base: string; pullRequestUrl?: string }
  | { type: 'failed'; key: string; status: 'failed' | 'blocked' | 'conflict'; step: string; reason: string };

/**
 * Port: writes a run's progress back to where the tickets live (Jira transitions and comments,
 * GitHub issue comments). Adapters: `JiraStatusSync`, `GitHubStatusSync`; local tickets have none.
 * The run calls it through a queue, one update at a time; a failed write becomes a run warning and
 * never fails a ticket.
 */
export interface StatusSync {
  /**
   * Apply one update. Must be idempotent: after a resume the same update may be applied again, so
   * check the current status or an existing comment marker first. Retries rate limits and server
   * errors itself.
   *
   * @throws Error (any) only when it gives up; the message becomes the warning users see, so it
   *   must never contain a token.
   */
  apply(update: StatusUpdate, options?: { signal?: AbortSignal }): Promise<void>;
}
