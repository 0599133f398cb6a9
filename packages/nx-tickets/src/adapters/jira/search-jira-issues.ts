import type { Version3Client } from 'jira.js';
import { callJira, type JiraRetryOptions } from './call-jira.js';
import { JiraError } from './jira-error.js';

/** An issue as the enhanced search returns it (only the requested fields). Untrusted data. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
}

/** Options of {@link searchJiraIssues}. */
export interface SearchOptions extends JiraRetryOptions {
  signal?: AbortSignal;
  /** Issues per page asked for (`maxResults`, default 100). */
  pageSize?: number;
  /** Most pages read before giving up (default 500). */
  maxPages?: number;
}

/**
 * Every issue a JQL query finds, through the enhanced search (`GET /rest/api/3/search/jql`, jira.js
 * `issueSearch.searchForIssuesUsingJqlEnhancedSearch`) with explicit `fields`, page by page with
 * `nextPageToken`. Stops when a page has no token (or says `isLast`); issues are de-duplicated by
 * key (first wins, order kept).
 *
 * @throws JiraError `NX_TICKETS_JIRA_PAGINATION` when Jira hands back a token it already gave (the
 *   search would never end) or after `maxPages`; other `NX_TICKETS_JIRA_*` errors from `callJira`
 *   (a 400 with Jira's JQL error messages is `NX_TICKETS_JIRA_BAD_REQUEST`).
 */
export async function searchJiraIssues(v3: Version3Client, host: string, jql: string, fields: readonly string[], options: SearchOptions = {}): Promise<JiraIssue[]> {
  const found = new Map<string, JiraIssue>();
  const seenTokens = new Set<string>();
  const maxPages = options.maxPages ?? 500;
  let token: string | undefined;
  for (let page = 0; ; page += 1) {
    if (page >= maxPages) throw new JiraError('NX_TICKETS_JIRA_PAGINATION', `Jira at ${host} was still returning pages after ${maxPages} pages for the query ${jql}.`, { hint: 'Select fewer tickets (keys, --epic or --sprint).' });
    const result = await callJira(
      host,
      `search for tickets (JQL: ${jql})`,
      () => v3.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: [...fields], maxResults: options.pageSize ?? 100, ...(token === undefined ? {} : { nextPageToken: token }) }),
      options,
    );
    for (const issue of result.issues ?? []) {
      if (typeof issue.key === 'string' && !found.has(issue.key)) found.set(issue.key, { id: String(issue.id), key: issue.key, fields: (issue.fields ?? {}) as Record<string, unknown> });
    }
    const next = result.nextPageToken ?? undefined;
    if (next === undefined || next === '' || (result as { isLast?: boolean }).isLast === true) break;
    if (seenTokens.has(next)) {
      throw new JiraError('NX_TICKETS_JIRA_PAGINATION', `Jira at ${host} returned the same page token twice for the query ${jql}, so the search would never end.`, { hint: 'Run the command again; if it persists, select fewer tickets.' });
    }
    seenTokens.add(next);
    token = next;
  }
  return [...found.values()];
}
