import { fail, toIssueJson, toMilestoneJson, type FakeIssue, type FakeRepoState } from './fake-github.js';
import type { OperationHandler } from './pull-operations.js';

const issueOf = (s: FakeRepoState, n: unknown): FakeIssue | undefined => s.issues.find((i) => i.number === Number(n));
const pullOrIssue = (s: FakeRepoState, n: unknown) => issueOf(s, n) ?? s.pulls.find((p) => p.number === Number(n));

/** Issue operations: get, list (state, labels, milestone), comments, labels, sub-issues, dependencies, milestones, check runs. */
export const issueOperations: Record<string, OperationHandler> = {
  'issues/get': async (s, req) => {
    const issue = issueOf(s, req.params.issue_number);
    return issue ? { status: 200, body: toIssueJson(s, issue) } : fail(404, 'Not Found');
  },
  'issues/list-for-repo': async (s, req) => {
    const state = (req.query.state as string | undefined) ?? 'open';
    const labels = req.query.labels === undefined ? [] : String(req.query.labels).split(',').filter(Boolean);
    const milestone = req.query.milestone === undefined ? undefined : String(req.query.milestone);
    const found = s.issues.filter(
      (i) =>
        (state === 'all' || i.state === state) &&
        labels.every((l) => i.labels.includes(l)) &&
        (milestone === undefined || milestone === '*' ? true : milestone === 'none' ? i.milestone === undefined : i.milestone === Number(milestone)),
    );
    return { status: 200, body: found.map((i) => toIssueJson(s, i)) };
  },
  'issues/create-comment': async (s, req) => {
    const target = pullOrIssue(s, req.params.issue_number);
    if (!target) return fail(404, 'Not Found');
    if ('comments' in target) target.comments.push(String(req.body.body));
    return { status: 201, body: { id: Date.now(), body: req.body.body, html_url: `${s.baseUrl}/${s.owner}/${s.repo}/issues/${req.params.issue_number}#comment`, user: null } };
  },
  'issues/list-comments': async (s, req) => {
    const issue = issueOf(s, req.params.issue_number);
    if (!issue) return fail(404, 'Not Found');
    return { status: 200, body: issue.comments.map((body, i) => ({ id: i + 1, body, user: null, html_url: '' })) };
  },
  'issues/add-labels': async (s, req) => {
    const target = pullOrIssue(s, req.params.issue_number);
    if (!target) return fail(404, 'Not Found');
    const labels = Array.isArray(req.body) ? (req.body as string[]) : ((req.body.labels as (string | { name: string })[] | undefined) ?? []).map((l) => (typeof l === 'string' ? l : l.name));
    for (const l of labels) if (!target.labels.includes(l)) target.labels.push(l);
    return { status: 200, body: target.labels.map((name, i) => ({ id: i + 1, name })) };
  },
  'issues/list-sub-issues': async (s, req) => {
    const issue = issueOf(s, req.params.issue_number);
    if (!issue) return fail(404, 'Not Found');
    return { status: 200, body: issue.subIssues.flatMap((n) => (issueOf(s, n) ? [toIssueJson(s, issueOf(s, n) as FakeIssue)] : [])) };
  },
  'issues/list-dependencies-blocked-by': async (s, req) => {
    const issue = issueOf(s, req.params.issue_number);
    if (!issue) return fail(404, 'Not Found');
    return { status: 200, body: issue.blockedBy.flatMap((n) => (issueOf(s, n) ? [toIssueJson(s, issueOf(s, n) as FakeIssue)] : [])) };
  },
  'issues/list-milestones': async (s, req) => {
    const state = (req.query.state as string | undefined) ?? 'open';
    return { status: 200, body: s.milestones.filter((m) => state === 'all' || m.state === state).map(toMilestoneJson) };
  },
  'checks/list-for-ref': async (s, req) => {
    const runs = s.checks.get(req.params.ref as string) ?? [];
    return {
      status: 200,
      body: { total_count: runs.length, check_runs: runs.map((r, i) => ({ id: i + 1, name: r.name, status: r.status, conclusion: r.conclusion ?? null, head_sha: req.params.ref })) },
    };
  },
};
