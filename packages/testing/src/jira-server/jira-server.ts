import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JiraFixture, JiraIssueFixture } from './jira-fixture.js';
import { createJiraHandlers, encodeToken, errors, findIssue as findIssueIn, type Reply } from './jira-handlers.js';
import { JiraSpecChecker } from './jira-spec-checker.js';
import { statusOf } from './render-issue.js';

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
export interface JiraSpecViolation {
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
  violations: JiraSpecViolation[];
  /** Valid requests to operations the local Jira does not implement (answered 501). */
  unimplemented: string[];
  queueFault(fault: JiraFault): void;
  /** The live issue. */
  issue(key: string): JiraIssueFixture;
  /** The issue's current status name. */
  statusName(key: string): string;
  close(): Promise<void>;
}

const HTML_BUSY =
  '<!DOCTYPE html><html><head><title>Too Many Requests</title></head><body><h1>429 Too Many Requests</h1><p>Rate limit exceeded. Try again later.</p></body></html>';

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
  const violations: JiraSpecViolation[] = [];
  const unimplemented: string[] = [];
  const faults: JiraFault[] = [];
  const handlers = createJiraHandlers(fixture, { pageSize, ...(options.emptyLastPage ? { emptyLastPage: true } : {}), ...(options.overlap ? { overlap: options.overlap } : {}) });
  const findIssue = (key: string | undefined) => findIssueIn(fixture, key);

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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
