import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdfNode, JiraCommentFixture, JiraFixture, JiraIssueFixture } from './jira-fixture.js';
import { evaluateJql } from './jira-jql.js';
import { JiraSpecChecker, type SpecCheck } from './jira-spec-checker.js';
import { renderFields, renderIssue, renderStatus, statusOf, projectOf } from './render-issue.js';

/** Credentials the local Jira accepts. */
export interface JiraServerCredentials {
  email: string;
  apiToken: string;
  /** A personal access token, sent as `Authorization: Bearer …`. */
  pat: string;
}

/** Options of {@link startJiraServer}. */
export interface JiraServerOptions {
  fixture: JiraFixture;
  /** Default: `ada@example.com` / `jira-test-api-token` / `jira-test-pat`. */
  credentials?: Partial<JiraServerCredentials>;
  /** Most issues per search page, whatever `maxResults` asks (default 50). */
  pageSize?: number;
  /** End a search whose last page is full with one more, empty, page (Jira does that). */
  emptyLastPage?: boolean;
  /**
   * Start each next page this many issues early, so pages repeat issues (as when issues change
   * while a search is paged through). Default 0.
   */
  overlap?: number;
}

/** One planned failure: the next `times` requests of an operation (any when omitted) get it. */
export interface JiraFault {
  operationId?: string;
  status: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** `html` bodies are what Jira's edge answers with on 429/503. Default `json`. */
  body?: 'html' | 'json';
  times?: number;
  /** Instead of failing: answer normally but hand back the request's page token again. */
  repeatToken?: boolean;
}

/** A request the server received (credentials reduced to their kind). */
export interface RecordedJiraRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  query: Record<string, string>;
  body: unknown;
  auth: 'basic' | 'bearer' | 'none';
  status: number;
}

/** A request that broke the published API description (answered 400). */
export interface SpecViolation {
  method: string;
  path: string;
  query: Record<string, string>;
  errors: string[];
}

/** A running local Jira. */
export interface JiraServer {
  /** `http://127.0.0.1:<port>`, the `host` for jira.js and the config. */
  url: string;
  credentials: JiraServerCredentials;
  /** The live data: transitions and comments change it. */
  fixture: JiraFixture;
  requests: RecordedJiraRequest[];
  /** Requests that broke the spec. Tests assert this stays empty. */
  violations: SpecViolation[];
  /** Valid requests to operations the local Jira does not implement (answered 501). */
  unimplemented: string[];
  queueFault(fault: JiraFault): void;
  /** The live issue. */
  issue(key: string): JiraIssueFixture;
  /** The issue's current status name. */
  statusName(key: string): string;
  close(): Promise<void>;
}

const HTML_BUSY = '<!DOCTYPE html><html><head><title>Too Many Requests</title></head><body><h1>429 Too Many Requests</h1><p>Rate limit exceeded. Try again later.</p></body></html>';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
type Handler = (ctx: { check: SpecCheck; query: Record<string, string>; body: unknown; base: string; accountId: string }) => Reply;

const errors = (status: number, ...messages: string[]): Reply => ({ status, body: { errorMessages: messages, errors: {} } });

/**
 * Start a local Jira Cloud on 127.0.0.1 (random port). Every request is checked against Atlassian's
 * OpenAPI descriptions first: a violation is answered 400 and recorded in `violations`. Then
 * credentials (401 with Jira's text otherwise), planned faults, and the handlers of the operations
 * nx-tickets uses: enhanced JQL search (pages by `nextPageToken`), the removed `/rest/api/3/search`
 * (410), fields, issues, transitions, comments, and the board's sprints (agile API).
 */
export async function startJiraServer(options: JiraServerOptions): Promise<JiraServer> {
  const checker = await JiraSpecChecker.create();
  const fixture = options.fixture;
  const credentials: JiraServerCredentials = { email: 'ada@example.com', apiToken: 'jira-test-api-token', pat: 'jira-test-pat', ...options.credentials };
  const pageSize = options.pageSize ?? 50;
  const requests: RecordedJiraRequest[] = [];
  const violations: SpecViolation[] = [];
  const unimplemented: string[] = [];
  const faults: JiraFault[] = [];
  let commentIds = 100;

  const findIssue = (key: string | undefined): JiraIssueFixture | undefined => fixture.issues.find((i) => i.key === key || String(10000 + fixture.issues.indexOf(i)) === key);
  const categoryOf = (issue: JiraIssueFixture) => statusOf(fixture, issue).category;
  const notFound = errors(404, 'Issue does not exist or you do not have permission to see it.');
  const availableTransitions = (issue: JiraIssueFixture) => {
    const { workflow } = projectOf(fixture, issue.key);
    const current = statusOf(fixture, issue).name;
    return workflow.transitions.filter((t) => t.to !== current && (t.from === undefined || t.from.includes(current)));
  };

  const handlers: Record<string, Handler> = {
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
      const next = Math.max(offset + 1, offset + page.length - (options.overlap ?? 0));
      const more = offset + page.length < result.keys.length || (options.emptyLastPage === true && page.length > 0 && page.length === size);
      return {
        status: 200,
        body: {
          issues: page.map((key) => renderIssue(base, fixture, findIssue(key) as JiraIssueFixture, fields)),
          isLast: !more,
          ...(more ? { nextPageToken: encodeToken(jql, next) } : {}),
        },
      };
    },
    getIssue: ({ check, query, base }) => {
      const issue = findIssue(check.params['issueIdOrKey']);
      return issue ? { status: 200, body: renderIssue(base, fixture, issue, query['fields']?.split(',') ?? ['*all']) } : notFound;
    },
    getTransitions: ({ check, base }) => {
      const issue = findIssue(check.params['issueIdOrKey']);
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
      const issue = findIssue(check.params['issueIdOrKey']);
      if (!issue) return notFound;
      const id = (body as { transition?: { id?: string } }).transition?.id;
      const transition = availableTransitions(issue).find((t) => t.id === id);
      if (!transition) return { status: 400, body: { errorMessages: [], errors: { transition: `Transition id '${id}' is not valid for this issue.` } } };
      issue.status = transition.to;
      return { status: 204 };
    },
    getComments: ({ check, query }) => {
      const issue = findIssue(check.params['issueIdOrKey']);
      if (!issue) return notFound;
      const startAt = Number(query['startAt'] ?? 0);
      const maxResults = Math.min(Number(query['maxResults'] ?? 50), pageSize);
      const all = issue.comments ?? [];
      return { status: 200, body: { startAt, maxResults, total: all.length, comments: all.slice(startAt, startAt + maxResults).map(renderComment) } };
    },
    addComment: ({ check, body, accountId }) => {
      const issue = findIssue(check.params['issueIdOrKey']);
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

  function renderComment(comment: JiraCommentFixture): object {
    return { id: comment.id, body: comment.body, author: { accountId: comment.authorAccountId }, created: comment.created, updated: comment.created, jsdPublic: true };
  }

  function authenticate(header: string | undefined): { kind: RecordedJiraRequest['auth']; ok: boolean } {
    if (header?.startsWith('Basic ')) {
      const pair = Buffer.from(header.slice(6), 'base64').toString('utf8');
      return { kind: 'basic', ok: pair === `${credentials.email}:${credentials.apiToken}` };
    }
    if (header?.startsWith('Bearer ')) return { kind: 'bearer', ok: header.slice(7) === credentials.pat };
    return { kind: 'none', ok: false };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const query = Object.fromEntries(url.searchParams);
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const auth = authenticate(req.headers.authorization);
    const record: RecordedJiraRequest = { method: req.method ?? 'GET', path: url.pathname, operationId: undefined, query, body, auth: auth.kind, status: 0 };
    requests.push(record);
    const send = (reply: Reply, contentType = 'application/json;charset=UTF-8') => {
      record.status = reply.status;
      const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...(payload ? { 'content-type': contentType } : {}), ...reply.headers });
      res.end(payload);
    };
    const check = checker.check({ method: record.method, path: url.pathname, query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).length > 1 ? url.searchParams.getAll(k) : (url.searchParams.get(k) as string)])), headers: req.headers, body });
    record.operationId = check.operationId;
    if (check.errors.length > 0) {
      violations.push({ method: record.method, path: url.pathname, query, errors: check.errors });
      send(errors(400, `Request does not match the Jira API description: ${check.errors.join('; ')}`));
      return;
    }
    if (!auth.ok) {
      send({ status: 401, body: 'Client must be authenticated to access this resource.' }, 'text/plain;charset=UTF-8');
      return;
    }
    const faultIndex = faults.findIndex((f) => f.operationId === undefined || f.operationId === check.operationId);
    const fault = faultIndex >= 0 ? faults[faultIndex] : undefined;
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.splice(faultIndex, 1);
    }
    if (fault && !fault.repeatToken) {
      const headers = fault.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(fault.retryAfterSeconds) };
      if (fault.body === 'html') send({ status: fault.status, body: HTML_BUSY, ...(headers ? { headers } : {}) }, 'text/html;charset=UTF-8');
      else send({ ...errors(fault.status, `Simulated failure (${fault.status}).`), ...(headers ? { headers } : {}) });
      return;
    }
    const handler = check.operationId === undefined ? undefined : handlers[check.operationId];
    if (!handler) {
      unimplemented.push(`${record.method} ${url.pathname} (${check.operationId})`);
      send(errors(501, `The local Jira does not implement ${check.operationId}.`));
      return;
    }
    const accountId = 'local-nx-tickets-bot';
    const reply = handler({ check, query, body, base, accountId });
    if (fault?.repeatToken && reply.status === 200 && reply.body && typeof reply.body === 'object') {
      (reply.body as Record<string, unknown>)['nextPageToken'] = query['nextPageToken'] ?? encodeToken(query['jql'] ?? '', 0);
      (reply.body as Record<string, unknown>)['isLast'] = false;
    }
    send(reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [`local Jira crashed: ${(error as Error).message}`] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    credentials,
    fixture,
    requests,
    violations,
    unimplemented,
    queueFault: (fault) => faults.push({ ...fault }),
    issue: (key) => {
      const issue = findIssue(key);
      if (!issue) throw new Error(`local Jira: no issue ${key}`);
      return issue;
    },
    statusName: (key) => statusOf(fixture, findIssue(key) as JiraIssueFixture).name,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function encodeToken(jql: string, offset: number): string {
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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
