import type { BareRepo } from './bare-repo.js';
import type { FakeResponse } from './faults.js';

/** A pull request as the fake GitHub keeps it. */
export interface FakePullRequest {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
  /** Head sha when closed or merged (an open one reads the bare repository). */
  closedHeadSha?: string;
  labels: string[];
  reviewers: string[];
  author: string;
}

/** An issue as the fake GitHub keeps it. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  milestone?: number;
  /** Numbers of its sub-issues. */
  subIssues: number[];
  /** Numbers of the issues blocking it (GitHub's issue dependencies). */
  blockedBy: number[];
  comments: string[];
}

/** A milestone. */
export interface FakeMilestone {
  number: number;
  title: string;
  state: 'open' | 'closed';
  dueOn?: string;
}

/** A check run reported for a commit. */
export interface FakeCheckRun {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
}

/** Repository settings the merge endpoint obeys. */
export interface FakeRepoSettings {
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
}

/** Input of an operation handler: the request after the spec check. */
export interface OperationRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** The `login` the token belongs to. */
  login: string;
}

/** The state of one fake repository plus what the server needs to build URLs. */
export interface FakeRepoState {
  owner: string;
  repo: string;
  baseUrl: string;
  defaultBranch: string;
  settings: FakeRepoSettings;
  pulls: FakePullRequest[];
  issues: FakeIssue[];
  milestones: FakeMilestone[];
  /** Check runs by commit sha. */
  checks: Map<string, FakeCheckRun[]>;
  nextNumber(): number;
  origin: BareRepo;
}

const user = (login: string) => ({
  login,
  id: 1,
  node_id: 'U_1',
  avatar_url: '',
  gravatar_id: null,
  url: '',
  html_url: '',
  type: 'User',
  site_admin: false,
});

/** A pull request in GitHub's JSON shape (the fields clients read). */
export async function toPullJson(s: FakeRepoState, pr: FakePullRequest): Promise<Record<string, unknown>> {
  const headSha = pr.state === 'open' ? ((await s.origin.branchHead(pr.head)) ?? pr.closedHeadSha ?? null) : (pr.closedHeadSha ?? null);
  const baseSha = (await s.origin.branchHead(pr.base)) ?? null;
  const repo = { id: 1, name: s.repo, full_name: `${s.owner}/${s.repo}`, owner: user(s.owner), default_branch: s.defaultBranch };
  return {
    id: pr.number,
    node_id: `PR_${pr.number}`,
    number: pr.number,
    url: `${s.baseUrl}/repos/${s.owner}/${s.repo}/pulls/${pr.number}`,
    html_url: `${s.baseUrl}/${s.owner}/${s.repo}/pull/${pr.number}`,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
    merged: pr.merged,
    merged_at: pr.merged ? new Date().toISOString() : null,
    merge_commit_sha: pr.mergeCommitSha,
    user: user(pr.author),
    labels: pr.labels.map((name, i) => ({ id: i + 1, name })),
    requested_reviewers: pr.reviewers.map(user),
    head: { ref: pr.head, sha: headSha, label: `${s.owner}:${pr.head}`, repo },
    base: { ref: pr.base, sha: baseSha, label: `${s.owner}:${pr.base}`, repo },
  };
}

/** An issue in GitHub's JSON shape. */
export function toIssueJson(s: FakeRepoState, issue: FakeIssue): Record<string, unknown> {
  const milestone = s.milestones.find((m) => m.number === issue.milestone);
  return {
    id: issue.number,
    node_id: `I_${issue.number}`,
    number: issue.number,
    url: `${s.baseUrl}/repos/${s.owner}/${s.repo}/issues/${issue.number}`,
    html_url: `${s.baseUrl}/${s.owner}/${s.repo}/issues/${issue.number}`,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels.map((name, i) => ({ id: i + 1, name })),
    milestone: milestone ? toMilestoneJson(milestone) : null,
    user: user(s.owner),
    sub_issues_summary: { total: issue.subIssues.length, completed: issue.subIssues.filter((n) => s.issues.find((i) => i.number === n)?.state === 'closed').length, percent_completed: 0 },
  };
}

/** A milestone in GitHub's JSON shape. */
export function toMilestoneJson(m: FakeMilestone): Record<string, unknown> {
  return { id: m.number, number: m.number, title: m.title, state: m.state, due_on: m.dueOn ?? null };
}

/** `{ status, body }` with GitHub's error shape. */
export function fail(status: number, message: string, errors?: unknown[]): FakeResponse {
  return { status, body: { message, ...(errors ? { errors } : {}), documentation_url: 'https://docs.github.com/rest' } };
}
