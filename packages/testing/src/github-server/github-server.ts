import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BareRepo } from './bare-repo.js';
import type { FakeCheckRun, FakeIssue, FakeMilestone, FakePullRequest, FakeRepoSettings, FakeRepoState } from './fake-github.js';
import { faultResponse, type Fault, type FakeResponse } from './faults.js';
import { issueOperations } from './issue-operations.js';
import { pullOperations } from './pull-operations.js';
import { loadSpecChecker, type SpecViolation } from './spec-checker.js';

/** Options of {@link startGitHubServer}. */
export interface GitHubServerOptions {
  /** Absolute path of the bare repository that plays `origin` (pushes go there; merges happen there). */
  origin: string;
  owner?: string;
  repo?: string;
  /** The only token accepted (`Authorization: token …` or `Bearer …`); other requests get 401. */
  token?: string;
  /** The login the token belongs to (the author of pull requests it opens). Default `nx-tickets-bot`. */
  login?: string;
  defaultBranch?: string;
  settings?: Partial<FakeRepoSettings>;
}

/** One request the server answered. */
export interface RecordedRequest {
  method: string;
  path: string;
  operation: string | undefined;
  status: number;
  /** The JSON body sent, when there was one. */
  body: unknown;
  /** Raw headers as received (tests check that tokens went only where they belong). */
  headers: Record<string, string | string[] | undefined>;
}

/** A running fake GitHub. */
export interface GitHubServer {
  /** `http://127.0.0.1:<port>`: the `baseUrl` for Octokit. */
  url: string;
  owner: string;
  repo: string;
  /** The repository state (pull requests, issues, milestones, check runs, settings): read and edit freely. */
  state: FakeRepoState;
  /** Requests that broke the api.github.com description (answered 400, or 404 for unknown routes). */
  violations: SpecViolation[];
  requests: RecordedRequest[];
  /** Queue a failure for matching requests (see {@link Fault}). */
  inject(fault: Fault): void;
  addIssue(issue: Partial<FakeIssue> & { title: string }): FakeIssue;
  addMilestone(milestone: Omit<FakeMilestone, 'number'>): FakeMilestone;
  setChecks(sha: string, runs: FakeCheckRun[]): void;
  /**
   * Call `hook` with every request after the operation ran and before its answer is sent (a test
   * kills the client there to lose an answer whose effect already happened). One hook at a time.
   */
  beforeAnswer(hook: ((request: RecordedRequest) => void | Promise<void>) | undefined): void;
  /** Pull requests whose head is `branch` (open or closed). */
  pullsFor(branch: string): FakePullRequest[];
  close(): Promise<void>;
}

/**
 * Start a local GitHub on 127.0.0.1 (random port) for one repository. Every request is routed and
 * validated against `@octokit/openapi`'s api.github.com description first: an unknown route answers
 * 404 and an invalid parameter or body 400, both recorded in `violations` so a test can assert there
 * were none. Valid requests go through the injected faults, then to the operation, which answers
 * like GitHub using the real bare repository: head and base shas are read from it, the merge
 * endpoint merges there. POST /graphql understands only `markPullRequestReadyForReview` (GraphQL
 * is not in the REST description; those requests are recorded, not checked).
 */
export async function startGitHubServer(options: GitHubServerOptions): Promise<GitHubServer> {
  const checker = await loadSpecChecker();
  let counter = 0;
  const faults: Fault[] = [];
  const violations: SpecViolation[] = [];
  const requests: RecordedRequest[] = [];
  const token = options.token ?? 'test-token';
  const login = options.login ?? 'nx-tickets-bot';
  const state: FakeRepoState = {
    owner: options.owner ?? 'acme',
    repo: options.repo ?? 'app',
    baseUrl: '',
    defaultBranch: options.defaultBranch ?? 'main',
    settings: { allowMergeCommit: true, allowSquashMerge: true, allowRebaseMerge: true, ...options.settings },
    pulls: [],
    issues: [],
    milestones: [],
    checks: new Map(),
    nextNumber: () => (counter += 1),
    origin: new BareRepo(options.origin),
  };
  const operations = { ...pullOperations, ...issueOperations };
  let hook: ((request: RecordedRequest) => void | Promise<void>) | undefined;

  const answer = async (req: IncomingMessage, raw: string): Promise<FakeResponse & { operation?: string }> => {
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
    if (url.pathname === '/graphql') return graphql(state, body as { query?: string; variables?: Record<string, unknown> });
    const query = Object.fromEntries(url.searchParams);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const checked = await checker.check({ method: req.method ?? 'GET', path: url.pathname, query, headers, body });
    if (!checked.ok) {
      violations.push(checked.violation);
      return { status: checked.status, body: { message: `spec violation: ${checked.violation.problems.join('; ')}` }, ...(checked.violation.operation ? { operation: checked.violation.operation } : {}) };
    }
    const operation = checked.operation;
    const number = Number(checked.params.pull_number ?? checked.params.issue_number);
    const fault = faults.find((f) => (f.operation === operation || f.operation === '*') && (f.number === undefined || f.number === number));
    const handler = operations[operation];
    if (!handler) return { status: 501, body: { message: `the fake GitHub does not implement ${operation}` }, operation };
    const request = { params: checked.params, query: checked.query, body: (checked.body ?? {}) as Record<string, unknown>, login };
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.kind === 'already-exists') await handler(state, request);
      return { ...faultResponse(fault), operation };
    }
    return { ...(await handler(state, request)), operation };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      answer(req, raw)
        .catch((error: unknown) => ({ status: 500, body: { message: `fake GitHub failed: ${(error as Error).message}` } }) as FakeResponse & { operation?: string })
        .then(async (out) => {
          const record = { method: req.method ?? 'GET', path: req.url ?? '/', operation: out.operation, status: out.status, body: raw === '' ? undefined : safeJson(raw), headers: req.headers };
          requests.push(record);
          await Promise.resolve(hook?.(record)).catch(() => undefined);
          res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', ...out.headers });
          res.end(out.body === undefined ? '' : JSON.stringify(out.body));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.baseUrl = url;
  return {
    url,
    owner: state.owner,
    repo: state.repo,
    state,
    violations,
    requests,
    inject: (fault) => void faults.push({ ...fault }),
    addIssue: (issue) => {
      const full: FakeIssue = { number: state.nextNumber(), body: '', state: 'open', labels: [], subIssues: [], blockedBy: [], comments: [], ...issue };
      state.issues.push(full);
      return full;
    },
    addMilestone: (milestone) => {
      const full = { number: state.milestones.length + 1, ...milestone };
      state.milestones.push(full);
      return full;
    },
    setChecks: (sha, runs) => void state.checks.set(sha, runs),
    beforeAnswer: (next) => void (hook = next),
    pullsFor: (branch) => state.pulls.filter((p) => p.head === branch),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The one GraphQL mutation the REST API lacks: a draft pull request marked ready for review. */
function graphql(state: FakeRepoState, body: { query?: string; variables?: Record<string, unknown> } | undefined): FakeResponse & { operation?: string } {
  const id = String(body?.variables?.id ?? body?.variables?.pullRequestId ?? '');
  const pr = state.pulls.find((p) => `PR_${p.number}` === id);
  if (!body?.query?.includes('markPullRequestReadyForReview') || !pr) {
    return { status: 200, body: { data: null, errors: [{ message: 'the fake GitHub only knows markPullRequestReadyForReview on an existing pull request' }] }, operation: 'graphql' };
  }
  pr.draft = false;
  return { status: 200, body: { data: { markPullRequestReadyForReview: { pullRequest: { number: pr.number, isDraft: false } } } }, operation: 'graphql' };
}
