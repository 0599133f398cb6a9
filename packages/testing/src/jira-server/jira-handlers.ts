import type { AdfNode, JiraCommentFixture, JiraFixture, JiraIssueFixture } from './jira-fixture.js';
import { evaluateJql } from './jira-jql.js';
import type { SpecCheck } from './jira-spec-checker.js';
import { projectOf, renderFields, renderIssue, renderStatus, statusOf } from './render-issue.js';

/** An answer of the local Jira. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Handles one operation (by operationId) of a request that passed the spec check. */
export type Handler = (ctx: { check: SpecCheck; query: Record<string, string>; body: unknown; base: string; accountId: string }) => Reply;

/** Jira's error body: `{ errorMessages, errors }`. */
export const errors = (status: number, ...messages: string[]): Reply => ({ status, body: { errorMessages: messages, errors: {} } });

/** How searches and lists page. */
export interface PagingOptions {
  pageSize: number;
  emptyLastPage?: boolean;
  overlap?: number;
}

/**
 * The operations the local Jira implements, by operationId, over the live `fixture` (transitions
 * and comments change it): enhanced JQL search, the removed search (410), fields, project, issue,
 * transitions, comments, and a board's sprints.
 */
export function createJiraHandlers(fixture: JiraFixture, paging: PagingOptions): Record<string, Handler> {
  const { pageSize } = paging;
  let commentIds = 100;

  const find = (key: string | undefined): JiraIssueFixture | undefined => findIssue(fixture, key);
  const categoryOf = (issue: JiraIssueFixture) => statusOf(fixture, issue).category;
  const notFound = errors(404, 'Issue does not exist or you do not have permission to see it.');
  const availableTransitions = (issue: JiraIssueFixture) => {
    const { workflow } = projectOf(fixture, issue.key);
    const current = statusOf(fixture, issue).name;
    return workflow.transitions.filter((t) => t.to !== current && (t.from === undefined || t.from.includes(current)));
  };

  function renderComment(comment: JiraCommentFixture): object {
    return { id: comment.id, body: comment.body, author: { accountId: comment.authorAccountId }, created: comment.created, updated: comment.created, jsdPublic: true };
  }

  return {
    getFields: () => ({ status: 200, body: renderFields(fixture) }),
    getProject: ({ check, base }) => {
      const wanted = check.params['projectIdOrKey'];
      const project = fixture.projects.find((p) => p.key === wanted || p.id === wanted);
      if (!project) return errors(404, `No project could be found with key '${wanted}'.`);
      return { status: 200, body: { self: `${base}/rest/api/3/project/${project.id}`, id: project.id, key: project.key, name: project.name, projectTypeKey: 'software', simplified: project.style === 'team-managed', style: project.style === 'team-managed' ? 'next-gen' : 'classic' } };
    },
    searchForIssuesUsingJql: () => errors(410, 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046'),
    searchForIssuesUsingJqlPost: () => errors(410, 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046'),
    searchAndReconsileIssuesUsingJql: ({ query, base }) => {
      const jql = query['jql'] ?? '';
      const fields = query['fields']?.split(',').map((f) => f.trim()).filter(Boolean);
      const result = evaluateJql(jql, { fixture, categoryOf });
      if ('error' in result) return errors(400, ...result.error.split('\n'));
      let offset = 0;
      if (query['nextPageToken'] !== undefined) {
        const decoded = decodeToken(query['nextPageToken']);
        if (!decoded || decoded.jql !== jql) return errors(400, 'The nextPageToken is invalid or does not belong to this query.');
        offset = decoded.offset;
      }
      const size = Math.min(Number(query['maxResults'] ?? 50), pageSize);
      const page = result.keys.slice(offset, offset + size);
      const next = Math.max(offset + 1, offset + page.length - (paging.overlap ?? 0));
      const more = offset + page.length < result.keys.length || (paging.emptyLastPage === true && page.length > 0 && page.length === size);
      return {
        status: 200,
        body: {
          issues: page.map((key) => renderIssue(base, fixture, find(key) as JiraIssueFixture, fields)),
          isLast: !more,
          ...(more ? { nextPageToken: encodeToken(jql, next) } : {}),
        },
      };
    },
    getIssue: ({ check, query, base }) => {
      const issue = find(check.params['issueIdOrKey']);
      return issue ? { status: 200, body: renderIssue(base, fixture, issue, query['fields']?.split(',') ?? ['*all']) } : notFound;
    },
    getTransitions: ({ check, base }) => {
      const issue = find(check.params['issueIdOrKey']);
      if (!issue) return notFound;
      const { workflow } = projectOf(fixture, issue.key);
      return {
        status: 200,
        body: {
          expand: 'transitions',
          transitions: availableTransitions(issue).map((t) => ({
            id: t.id, name: t.name, hasScreen: false, isGlobal: t.from === undefined, isInitial: false, isAvailable: true, isConditional: false, isLooped: false,
            to: renderStatus(base, workflow.statuses.find((s) => s.name === t.to) as { id: string; name: string; category: 'new' }),
          })),
        },
      };
    },
    doTransition: ({ check, body }) => {
      const issue = find(check.params['issueIdOrKey']);
      if (!issue) return notFound;
      const id = (body as { transition?: { id?: string } }).transition?.id;
      const transition = availableTransitions(issue).find((t) => t.id === id);
      if (!transition) return { status: 400, body: { errorMessages: [], errors: { transition: `Transition id '${id}' is not valid for this issue.` } } };
      issue.status = transition.to;
      return { status: 204 };
    },
    getComments: ({ check, query }) => {
      const issue = find(check.params['issueIdOrKey']);
      if (!issue) return notFound;
      const startAt = Number(query['startAt'] ?? 0);
      const maxResults = Math.min(Number(query['maxResults'] ?? 50), pageSize);
      const all = issue.comments ?? [];
      return { status: 200, body: { startAt, maxResults, total: all.length, comments: all.slice(startAt, startAt + maxResults).map(renderComment) } };
    },
    addComment: ({ check, body, accountId }) => {
      const issue = find(check.params['issueIdOrKey']);
      if (!issue) return notFound;
      const comment: JiraCommentFixture = { id: String((commentIds += 1)), body: (body as { body: AdfNode }).body, authorAccountId: accountId, created: new Date().toISOString() };
      (issue.comments ??= []).push(comment);
      return { status: 201, body: renderComment(comment) };
    },
    getAllSprints: ({ check, query, base }) => {
      const boardId = Number(check.params['boardId']);
      if (!(fixture.boards ?? []).some((b) => b.id === boardId)) return errors(404, 'The requested board cannot be viewed because it either does not exist or you do not have permission to view it.');
      const states = query['state']?.split(',');
      const values = (fixture.sprints ?? [])
        .filter((s) => s.boardId === boardId && (!states || states.includes(s.state)))
        .map((s) => ({ id: s.id, self: `${base}/rest/agile/1.0/sprint/${s.id}`, state: s.state, name: s.name, originBoardId: s.boardId, ...(s.startDate ? { startDate: s.startDate } : {}), ...(s.endDate ? { endDate: s.endDate } : {}) }));
      const startAt = Number(query['startAt'] ?? 0);
      const maxResults = Math.min(Number(query['maxResults'] ?? 50), pageSize);
      const page = values.slice(startAt, startAt + maxResults);
      return { status: 200, body: { maxResults, startAt, total: values.length, isLast: startAt + page.length >= values.length, values: page } };
    },
  };
}

/** The issue with this key or id. */
export function findIssue(fixture: JiraFixture, key: string | undefined): JiraIssueFixture | undefined {
  return fixture.issues.find((i) => i.key === key || String(10000 + fixture.issues.indexOf(i)) === key);
}

/** An opaque page token: the query and the offset of the next page. */
export function encodeToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ jql, offset })).toString('base64url');
}

function decodeToken(token: string): { jql: string; offset: number } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { jql?: unknown; offset?: unknown };
    return typeof value.jql === 'string' && typeof value.offset === 'number' ? { jql: value.jql, offset: value.offset } : undefined;
  } catch {
    return undefined;
  }
}

