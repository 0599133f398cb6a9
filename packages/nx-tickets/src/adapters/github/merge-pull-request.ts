import type { HostTicket, LandOutcome } from '@nx-tickets/core';
import { classifyMergeFailure } from './classify-merge-failure.js';
import type { GitHubClient } from './github-client.js';
import { isHttpFailure } from './github-error.js';
import type { GitHubHostSettings, GitRemote, MergeMethod } from './github-host-settings.js';
import type { PullRequestInfo } from './open-pull-request.js';
import { waitForChecks } from './wait-for-checks.js';

/** What {@link landPullRequest} needs besides the client. */
export interface LandContext {
  client: GitHubClient;
  settings: GitHubHostSettings;
  git: GitRemote;
  /** The merge methods the repository allows, read once (`GET /repos/{owner}/{repo}`); `refresh` reads again. */
  allowedMethods(refresh?: boolean): Promise<MergeMethod[]>;
  signal?: AbortSignal;
}

/**
 * Land a ticket's pull request: push the verified head when GitHub has another one (lease on the
 * head GitHub has), mark a draft ready, wait for checks when asked, then merge with the verified
 * head as the `sha` guard (`PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge`) and a method the
 * repository allows. Refusals become outcomes: base moved → `retry`; head moved (409, or a push
 * refused by the lease) → `reverify` with the head fetched; not mergeable → `conflict`; method not
 * allowed → the settings are read again and the next allowed method is tried; failed checks → `failed`.
 *
 * @throws Octokit's RequestError / GitCommandError for anything unexpected (the train fails the ticket).
 */
export async function landPullRequest(ctx: LandContext, ticket: HostTicket, pr: PullRequestInfo, base: string): Promise<LandOutcome> {
  const { client, settings: s, git } = ctx;
  if (pr.merged && pr.mergeCommitSha) return { kind: 'merged', sha: await followBase(ctx, base, pr.mergeCommitSha) };
  if (pr.state !== 'open') return { kind: 'failed', code: 'NX_TICKETS_GITHUB_PR_CLOSED', reason: `pull request #${pr.number} was closed without merging; reopen it and run nx-tickets retry ${ticket.key}` };
  if (pr.headSha !== ticket.head) {
    const pushed = await git.push(ticket.branch, ticket.head, pr.headSha);
    if (!pushed.ok) return { kind: 'reverify', reason: `someone pushed to ${ticket.branch} (${pushed.detail})`, head: await git.fetch(ticket.branch, ctx.signal) };
  }
  if (pr.draft) await markReady(client, pr);
  if (s.waitChecks) {
    const checks = await waitForChecks(client, s, ticket.head, ctx.signal);
    if (!checks.ok) return { kind: 'failed', code: 'NX_TICKETS_GITHUB_CHECKS_FAILED', reason: checks.reason };
  }
  let methods = await ctx.allowedMethods();
  const refused = new Set<MergeMethod>();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const method = pickMethod(s.mergeMethod, methods);
    if (!method) return { kind: 'failed', code: 'NX_TICKETS_GITHUB_NO_MERGE_METHOD', reason: `the repository ${s.owner}/${s.repo} allows no merge method` };
    try {
      // A squash keeps one commit: its message carries the `Ticket:` trailer that marks the ticket done.
      const squash = method === 'squash' ? { commit_title: `${ticket.key}: ${ticket.title} (#${pr.number})`, commit_message: `Ticket: ${ticket.key}` } : {};
      const { data } = await client.rest.pulls.merge({ owner: s.owner, repo: s.repo, pull_number: pr.number, sha: ticket.head, merge_method: method, ...squash });
      return { kind: 'merged', sha: await followBase(ctx, base, data.sha) };
    } catch (error) {
      if (!isHttpFailure(error)) throw error;
      const kind = classifyMergeFailure(error.status, error.message);
      if (kind === 'base-moved') return { kind: 'retry', reason: `${base} moved while merging #${pr.number}` };
      if (kind === 'head-moved') return { kind: 'reverify', reason: `the head of #${pr.number} moved`, head: await git.fetch(ticket.branch, ctx.signal) };
      if (kind === 'conflict') return { kind: 'conflict', reason: `GitHub cannot merge #${pr.number} into ${base} (conflict)` };
      if (kind === 'draft') await markReady(client, pr);
      else if (kind === 'method-not-allowed') {
        // Settings can change under us: read them again; a method refused twice is dropped.
        if (refused.has(method)) methods = methods.filter((m) => m !== method);
        else methods = await ctx.allowedMethods(true);
        refused.add(method);
      }
      else return { kind: 'failed', code: 'NX_TICKETS_GITHUB_MERGE_REFUSED', reason: `GitHub refused to merge #${pr.number} (${error.status}): ${firstLine(error.message)}` };
    }
  }
  return { kind: 'failed', code: 'NX_TICKETS_GITHUB_MERGE_REFUSED', reason: `GitHub refused to merge #${pr.number} three times` };
}

/** The configured method when allowed, else the first allowed in the order merge, squash, rebase. */
export function pickMethod(preferred: MergeMethod | undefined, allowed: readonly MergeMethod[]): MergeMethod | undefined {
  return preferred && allowed.includes(preferred) ? preferred : allowed[0];
}

/** After a merge, fetch the base so the local view follows GitHub; the base head. */
async function followBase(ctx: LandContext, base: string, mergedSha: string): Promise<string> {
  await ctx.git.followBase(base, mergedSha);
  return mergedSha;
}

/** Drafts cannot be merged; REST has no endpoint for "ready for review", GraphQL does. */
async function markReady(client: GitHubClient, pr: PullRequestInfo): Promise<void> {
  await client.graphql('mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { number } } }', { id: pr.nodeId });
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
