import type { CodeHost, HostCallOptions, HostTicket, LandOutcome, PublishResult, UpdateOutcome } from '@nx-tickets/core';
import type { GitHubClient } from './github-client.js';
import { GitHubError, isHttpFailure, isRateLimited, toGitHubError } from './github-error.js';
import type { GitHubHostSettings, GitRemote, MergeMethod } from './github-host-settings.js';
import { landPullRequest } from './merge-pull-request.js';
import { ensurePullRequest, fetchPullRequest, findPullRequest, type PullRequestInfo } from './open-pull-request.js';

/** Options of {@link GitHubCodeHost}. */
export interface GitHubCodeHostOptions {
  client: GitHubClient;
  settings: GitHubHostSettings;
  git: GitRemote;
  /** The token, only to redact it from messages. */
  token?: string;
  /** Receives sentences worth a run warning (a reviewer that could not be requested). */
  onWarning?: (message: string) => void;
  /** Pause before landing again when GitHub still rate-limits after the client's retries, ms (default 60 s). */
  rateLimitPauseMs?: number;
}

/**
 * GitHub as the code host (`host.type: "github"`): each ticket's branch is pushed to `origin` and
 * gets exactly one pull request; the merge train lands them through the API. See
 * `ensurePullRequest` and `landPullRequest` for the rules; every GitHub failure that needs a
 * decision comes back as a {@link LandOutcome}, the rest as {@link GitHubError}.
 */
export class GitHubCodeHost implements CodeHost {
  readonly type = 'github' as const;
  readonly pushesBranches = true;
  private methods: Promise<MergeMethod[]> | undefined;
  /** Present with `updateBranch: "api"` only; otherwise the train rebases locally and pushes with lease. */
  readonly updateBranch: ((ticket: HostTicket, base: { name: string; head: string }, options?: HostCallOptions) => Promise<UpdateOutcome>) | undefined;

  constructor(private readonly options: GitHubCodeHostOptions) {
    this.updateBranch = options.settings.updateBranch === 'api' ? (ticket, base, callOptions) => this.updateBranchByApi(ticket, base, callOptions) : undefined;
  }

  /**
   * Push the branch (lease on what `origin` has) and find or open its pull request.
   * @throws GitHubError when GitHub refuses (`NX_TICKETS_GITHUB_*`); GitCommandError when the push fails.
   */
  async publish(ticket: HostTicket, base: { name: string }): Promise<PublishResult> {
    const { git } = this.options;
    const remote = await git.readBranch(ticket.branch);
    if (remote !== ticket.head) {
      const pushed = await git.push(ticket.branch, ticket.head, remote ?? null);
      if (!pushed.ok) throw new GitHubError('NX_TICKETS_PUSH_REJECTED', `Pushing ${ticket.branch} was refused: ${pushed.detail}.`, { ticket: ticket.key, hint: 'Someone pushed to the branch meanwhile; look at it, then run nx-tickets resume.' });
    }
    try {
      const { pr, opened } = await ensurePullRequest(this.options.client, this.options.settings, ticket, base.name, (m) => this.options.onWarning?.(m));
      return { pullRequest: { number: pr.number, url: pr.url }, opened };
    } catch (error) {
      throw toGitHubError(error, `open the pull request of ${ticket.key}`, this.options.token, ticket.key);
    }
  }

  /** Fetch the base branch from `origin`; its sha. */
  async readBase(base: string, options: HostCallOptions = {}): Promise<string> {
    return this.options.git.fetch(base, options.signal);
  }

  /** The merge commit when the ticket's pull request is merged already (a merge whose state was not saved). */
  async findLanded(ticket: HostTicket, base: { name: string; head: string }): Promise<string | undefined> {
    const pr = await this.pull(ticket);
    if (!pr?.merged || !pr.mergeCommitSha) return undefined;
    await this.options.git.followBase(base.name, pr.mergeCommitSha);
    return pr.mergeCommitSha;
  }

  /**
   * `PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch` guarded by the verified head,
   * then the new head fetched and checked out in the worktree. A conflict leaves the branch as it was.
   */
  private async updateBranchByApi(ticket: HostTicket, base: { name: string; head: string }, options: HostCallOptions = {}): Promise<UpdateOutcome> {
    const { client, settings: s, git } = this.options;
    const pr = await this.requirePull(ticket);
    if (pr.headSha !== ticket.head) {
      const pushed = await git.push(ticket.branch, ticket.head, pr.headSha);
      if (!pushed.ok) return { ok: false, conflicts: [], reason: `someone pushed to ${ticket.branch}: ${pushed.detail}` };
    }
    try {
      await client.rest.pulls.updateBranch({ owner: s.owner, repo: s.repo, pull_number: pr.number, expected_head_sha: ticket.head });
    } catch (error) {
      if (isHttpFailure(error) && error.status === 422 && /no new commits/i.test(error.message)) return { ok: true, head: ticket.head, moved: false };
      if (isHttpFailure(error) && error.status === 422) return { ok: false, conflicts: [], reason: `GitHub could not update ${ticket.branch} with ${base.name}: ${error.message.split('\n')[0]}` };
      throw toGitHubError(error, `update the branch of ${ticket.key}`, this.options.token, ticket.key);
    }
    const head = await git.fetch(ticket.branch, options.signal);
    await git.resetWorktree(ticket.worktree, head);
    return { ok: true, head, moved: head !== ticket.head };
  }

  /** Land the pull request (see `landPullRequest`). */
  async land(ticket: HostTicket, base: { name: string; head: string }, options: HostCallOptions = {}): Promise<LandOutcome> {
    const pr = await this.requirePull(ticket);
    try {
      return await landPullRequest({ client: this.options.client, settings: this.options.settings, git: this.options.git, allowedMethods: (refresh) => this.allowedMethods(refresh), ...(options.signal ? { signal: options.signal } : {}) }, ticket, pr, base.name);
    } catch (error) {
      if (isRateLimited(error)) return { kind: 'retry', reason: 'GitHub still rate-limits this client', retryAfterMs: this.options.rateLimitPauseMs ?? 60_000 };
      throw toGitHubError(error, `merge the pull request of ${ticket.key}`, this.options.token, ticket.key);
    }
  }

  /** `GET /repos/{owner}/{repo}`: the merge methods it allows, cached until `refresh`. */
  private allowedMethods(refresh = false): Promise<MergeMethod[]> {
    if (refresh || !this.methods) {
      const { client, settings: s } = this.options;
      this.methods = client.rest.repos.get({ owner: s.owner, repo: s.repo }).then(({ data }) => [
        ...(data.allow_merge_commit !== false ? (['merge'] as const) : []),
        ...(data.allow_squash_merge !== false ? (['squash'] as const) : []),
        ...(data.allow_rebase_merge !== false ? (['rebase'] as const) : []),
      ]);
      this.methods.catch(() => (this.methods = undefined));
    }
    return this.methods;
  }

  private async pull(ticket: HostTicket): Promise<PullRequestInfo | undefined> {
    const { client, settings } = this.options;
    try {
      return ticket.pullRequest ? await fetchPullRequest(client, settings, ticket.pullRequest.number) : await findPullRequest(client, settings, ticket.branch);
    } catch (error) {
      throw toGitHubError(error, `read the pull request of ${ticket.key}`, this.options.token, ticket.key);
    }
  }

  private async requirePull(ticket: HostTicket): Promise<PullRequestInfo> {
    const pr = await this.pull(ticket);
    if (pr) return pr;
    throw new GitHubError('NX_TICKETS_GITHUB_PR_MISSING', `${ticket.key} has no pull request for ${ticket.branch}.`, { ticket: ticket.key, hint: `Run nx-tickets retry ${ticket.key} to open it again.` });
  }
}
