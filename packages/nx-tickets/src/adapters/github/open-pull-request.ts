import type { HostTicket, PullRequestRef } from '@nx-tickets/core';
import { formatPullRequestBody } from './format-pull-request-body.js';
import type { GitHubClient } from './github-client.js';
import { isHttpFailure } from './github-error.js';
import type { GitHubHostSettings } from './github-host-settings.js';

/** A pull request as the adapter reads it. */
export interface PullRequestInfo extends PullRequestRef {
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  headSha: string;
  mergeCommitSha: string | null;
  nodeId: string;
  author: string | undefined;
  labels: string[];
}

type PullJson = {
  number: number;
  html_url: string;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  draft?: boolean;
  head: { sha: string };
  merge_commit_sha: string | null;
  node_id: string;
  user: { login: string } | null;
  labels: Array<{ name?: string } | string>;
};

/** Map GitHub's pull request JSON to {@link PullRequestInfo}. */
export function toPullRequestInfo(p: PullJson): PullRequestInfo {
  return {
    number: p.number,
    url: p.html_url,
    state: p.state === 'open' ? 'open' : 'closed',
    merged: p.merged === true || Boolean(p.merged_at),
    draft: p.draft === true,
    headSha: p.head.sha,
    mergeCommitSha: p.merge_commit_sha,
    nodeId: p.node_id,
    author: p.user?.login,
    labels: p.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
  };
}

/** `GET /repos/{owner}/{repo}/pulls/{pull_number}`. */
export async function fetchPullRequest(client: GitHubClient, s: GitHubHostSettings, number: number): Promise<PullRequestInfo> {
  const { data } = await client.rest.pulls.get({ owner: s.owner, repo: s.repo, pull_number: number });
  return toPullRequestInfo(data as PullJson);
}

/**
 * The pull request whose head is `branch`, open or closed (`GET /repos/{owner}/{repo}/pulls?head=owner:branch&state=all`):
 * an open one first, else a merged one, else the latest closed one.
 */
export async function findPullRequest(client: GitHubClient, s: GitHubHostSettings, branch: string): Promise<PullRequestInfo | undefined> {
  const { data } = await client.rest.pulls.list({ owner: s.owner, repo: s.repo, head: `${s.owner}:${branch}`, state: 'all', per_page: 100 });
  const pulls = (data as PullJson[]).map(toPullRequestInfo).sort((a, b) => b.number - a.number);
  return pulls.find((p) => p.state === 'open') ?? pulls.find((p) => p.merged) ?? pulls[0];
}

/**
 * The ticket's one pull request: the recorded one, else one found for its branch (a closed,
 * unmerged one is reopened), else a new one (`POST /repos/{owner}/{repo}/pulls`; a 422 "already
 * exists" — the answer to an earlier create was lost — is answered by finding it). A new one gets
 * the configured labels and reviews from the CODEOWNERS of its files, the author skipped (also one
 * found after a lost answer, and an open one found without its labels).
 *
 * @returns the pull request and whether this call opened it.
 * @throws Octokit's RequestError for answers other than the 422 handled here.
 */
export async function ensurePullRequest(client: GitHubClient, s: GitHubHostSettings, ticket: HostTicket, base: string, warn: (message: string) => void): Promise<{ pr: PullRequestInfo; opened: boolean }> {
  const existing = ticket.pullRequest ? await fetchPullRequest(client, s, ticket.pullRequest.number) : await findPullRequest(client, s, ticket.branch);
  if (existing && existing.state === 'closed' && !existing.merged) {
    const { data } = await client.rest.pulls.update({ owner: s.owner, repo: s.repo, pull_number: existing.number, state: 'open' });
    return { pr: toPullRequestInfo(data as PullJson), opened: false };
  }
  if (existing) {
    // Opened by an earlier attempt that stopped before labelling it (killed, or its answer lost).
    if (existing.state === 'open' && s.labels.some((l) => !existing.labels.includes(l))) await decorate(client, s, ticket, existing, warn);
    return { pr: existing, opened: false };
  }
  let pr: PullRequestInfo;
  try {
    const { data } = await client.rest.pulls.create({
      owner: s.owner,
      repo: s.repo,
      head: ticket.branch,
      base,
      title: `${ticket.key}: ${ticket.title}`,
      body: formatPullRequestBody(ticket),
      draft: s.draft,
    });
    pr = toPullRequestInfo(data as PullJson);
  } catch (error) {
    if (!isHttpFailure(error) || error.status !== 422 || !/already exists/i.test(JSON.stringify(error))) throw error;
    const found = await findPullRequest(client, s, ticket.branch);
    if (!found) throw error;
    await decorate(client, s, ticket, found, warn);
    return { pr: found, opened: false };
  }
  await decorate(client, s, ticket, pr, warn);
  return { pr, opened: true };
}

/** Labels and reviewers: failures are warnings (a reviewer without access must not fail the ticket). */
async function decorate(client: GitHubClient, s: GitHubHostSettings, ticket: HostTicket, pr: PullRequestInfo, warn: (message: string) => void): Promise<void> {
  if (s.labels.length > 0) {
    await client.rest.issues.addLabels({ owner: s.owner, repo: s.repo, issue_number: pr.number, labels: s.labels }).catch((error: unknown) => warn(`${ticket.key}: could not add labels to #${pr.number}: ${(error as Error).message}`));
  }
  if (!s.reviewers) return;
  const { users, teams } = reviewersFrom(ticket.owners ?? [], pr.author);
  if (users.length === 0 && teams.length === 0) return;
  await client.rest.pulls
    .requestReviewers({ owner: s.owner, repo: s.repo, pull_number: pr.number, reviewers: users, team_reviewers: teams })
    .catch((error: unknown) => warn(`${ticket.key}: could not request reviews on #${pr.number}: ${(error as Error).message}`));
}

/** CODEOWNERS owners → GitHub reviewers: `@user` → user, `@org/team` → team slug, e-mails and the author dropped. */
export function reviewersFrom(owners: readonly string[], author: string | undefined): { users: string[]; teams: string[] } {
  const users = new Set<string>();
  const teams = new Set<string>();
  for (const owner of owners) {
    if (!owner.startsWith('@')) continue;
    const name = owner.slice(1);
    if (name.includes('/')) teams.add(name.slice(name.indexOf('/') + 1));
    else if (name.toLowerCase() !== author?.toLowerCase()) users.add(name);
  }
  return { users: [...users].sort(), teams: [...teams].sort() };
}
