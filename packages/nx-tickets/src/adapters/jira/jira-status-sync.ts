import type { StatusSync, StatusUpdate } from '@nx-tickets/core';
import type { Version3Client } from 'jira.js';
import type { JiraSourceConfig } from '../../config/config-schema.js';
import { adfToText } from './adf-to-text.js';
import { callJira, type JiraRetryOptions } from './call-jira.js';
import { createJiraClients } from './create-jira-clients.js';
import { buildComment, commentMarker } from './jira-comment.js';
import { readJiraCredentials } from './jira-credentials.js';
import { JiraError } from './jira-error.js';

/** Options of {@link JiraStatusSync}. */
export interface JiraStatusSyncOptions {
  config: JiraSourceConfig;
  /** Where credentials come from (`process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  retry?: JiraRetryOptions;
}

type Category = 'indeterminate' | 'done';
interface IssueNow {
  status: { name: string; category: string };
  assignee?: { accountId: string; displayName?: string };
}

/**
 * Writes a run's progress to Jira (jira.js):
 * - `started` → transition to an in-progress status (`inProgressStatus`, matched against the
 *   transition's or its target status's name, else the first transition into the
 *   `indeterminate` category); skipped when the issue is already in progress or done;
 * - `pull-request` → a comment with the link;
 * - `merged` → transition to a done status (`doneStatus`, else the first into `done`; through an
 *   in-progress status when the workflow has no direct way), unless done already, and a comment
 *   with the commit;
 * - `failed` → a comment with the reason, mentioning the assignee.
 * Comments carry a marker and are not written again when one with it exists (a resumed run
 * re-applies updates). Each call retries 429 and 5xx (see `callJira`).
 */
export class JiraStatusSync implements StatusSync {
  private client: Version3Client | undefined;

  constructor(private readonly options: JiraStatusSyncOptions) {}

  /**
   * Apply one update idempotently.
   *
   * @throws JiraError when Jira refuses or stays unavailable (`NX_TICKETS_JIRA_*`), or
   *   `NX_TICKETS_JIRA_NO_TRANSITION` when the workflow has no way to the wanted status. The run
   *   turns it into a warning; the message never holds credentials.
   */
  async apply(update: StatusUpdate, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { key } = update;
    if (update.type === 'started') {
      await this.transition(key, 'indeterminate', this.options.config.inProgressStatus, options.signal);
      return;
    }
    if (update.type === 'merged') await this.transition(key, 'done', this.options.config.doneStatus, options.signal);
    await this.comment(update, options.signal);
  }

  private v3(): Version3Client {
    this.client ??= createJiraClients(this.options.config.host, readJiraCredentials(this.options.env)).v3;
    return this.client;
  }

  private call<T>(action: string, key: string, fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return callJira(this.options.config.host, action, fn, { ...this.options.retry, ticket: key, ...(signal ? { signal } : {}) });
  }

  /** `GET /rest/api/3/issue/{key}?fields=status,assignee`. */
  private async readIssue(key: string, signal: AbortSignal | undefined): Promise<IssueNow> {
    const issue = await this.call(`read ${key}`, key, () => this.v3().issues.getIssue({ issueIdOrKey: key, fields: ['status', 'assignee'] }), signal);
    const status = issue.fields?.status;
    const assignee = issue.fields?.assignee;
    return {
      status: { name: status?.name ?? '', category: status?.statusCategory?.key ?? '' },
      ...(assignee?.accountId ? { assignee: { accountId: assignee.accountId, ...(assignee.displayName ? { displayName: assignee.displayName } : {}) } } : {}),
    };
  }

  /**
   * `GET` then `POST /rest/api/3/issue/{key}/transitions`, unless the issue is there already. A
   * workflow that only reaches done through "In Progress" (common in company-managed projects) is
   * followed through it: one hop into the in-progress category first.
   */
  private async transition(key: string, category: Category, name: string | undefined, signal: AbortSignal | undefined, hop = true): Promise<void> {
    const now = await this.readIssue(key, signal);
    const wanted = name?.toLowerCase();
    if (now.status.category === 'done' || now.status.category === category || now.status.name.toLowerCase() === wanted) return;
    const { transitions = [] } = await this.call(`read the transitions of ${key}`, key, () => this.v3().issues.getTransitions({ issueIdOrKey: key }), signal);
    const target = wanted
      ? transitions.find((t) => t.name?.toLowerCase() === wanted || t.to?.name?.toLowerCase() === wanted)
      : transitions.find((t) => t.to?.statusCategory?.key === category);
    const via = category === 'done' && hop && now.status.category !== 'indeterminate' ? transitions.find((t) => t.to?.statusCategory?.key === 'indeterminate') : undefined;
    if (!target?.id && via?.id) {
      const id = via.id;
      await this.call(`move ${key} to "${via.to?.name ?? via.name}"`, key, () => this.v3().issues.doTransition({ issueIdOrKey: key, transition: { id } }), signal);
      await this.transition(key, category, name, signal, false);
      return;
    }
    if (!target?.id) {
      const label = category === 'done' ? 'a done' : 'an in-progress';
      const option = category === 'done' ? 'doneStatus' : 'inProgressStatus';
      const offered = transitions.map((t) => `${t.name} → ${t.to?.name}`).join(', ') || 'none';
      throw new JiraError('NX_TICKETS_JIRA_NO_TRANSITION', `${key} cannot move from "${now.status.name}" to ${wanted ? `"${name}"` : `${label} status`} in Jira (transitions: ${offered}).`, {
        ticket: key,
        hint: `Set options.source.${option} in nx.json to one of those names, or move ${key} by hand.`,
      });
    }
    const id = target.id;
    await this.call(`move ${key} to "${target.to?.name ?? target.name}"`, key, () => this.v3().issues.doTransition({ issueIdOrKey: key, transition: { id } }), signal);
  }

  /** Add the update's comment (`POST /rest/api/3/issue/{key}/comment`) unless one with its marker exists. */
  private async comment(update: Exclude<StatusUpdate, { type: 'started' }>, signal: AbortSignal | undefined): Promise<void> {
    const { key } = update;
    const marker = commentMarker(update);
    for (let startAt = 0; ; ) {
      const page = await this.call(`read the comments of ${key}`, key, () => this.v3().issueComments.getComments({ issueIdOrKey: key, startAt, maxResults: 100 }), signal);
      const comments = page.comments ?? [];
      if (comments.some((c) => adfToText(c.body).includes(marker))) return;
      startAt += comments.length;
      if (comments.length === 0 || startAt >= (page.total ?? 0)) break;
    }
    const assignee = update.type === 'failed' ? (await this.readIssue(key, signal)).assignee : undefined;
    const body = buildComment(update, assignee);
    await this.call(`comment on ${key}`, key, () => this.v3().issueComments.addComment({ issueIdOrKey: key, comment: body as never }), signal);
  }
}
