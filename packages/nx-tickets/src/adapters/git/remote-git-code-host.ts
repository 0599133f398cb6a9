import { NxTicketsError, type CodeHost, type HostCallOptions, type HostTicket, type LandOutcome, type PublishResult } from '@nx-tickets/core';
import { advanceBaseBranch } from './advance-base-branch.js';
import { isAncestor, readHead } from './read-head.js';
import { fetchBranch, pushBranch, readRemoteBranch } from './remote-branch.js';

/**
 * The local host of a CI run (`host.type: "local"` with a git remote, usually `origin`): the
 * shards and the merge job run on separate clones, so branches meet on the remote. `publish`
 * pushes a ticket's branch there (no pull request); the merge train lands a ticket by pushing its
 * verified head to the remote's base branch with a lease on the head it rebased onto — a base that
 * moved meanwhile is a `retry`, never overwritten — and then fast-forwards the local base branch.
 */
export class RemoteGitCodeHost implements CodeHost {
  readonly type = 'local' as const;
  readonly pushesBranches = true;

  /**
   * @param root absolute path inside the repository.
   * @param remote name of the git remote (`origin`).
   */
  constructor(
    private readonly root: string,
    private readonly remote: string,
  ) {}

  /**
   * Push the ticket's branch to the remote with a lease on what the remote had (a re-run shard
   * replaces its own earlier push, never a push made since it looked).
   *
   * @throws NxTicketsError `NX_TICKETS_PUSH_REJECTED` when the remote branch moved meanwhile;
   *   GitCommandError when the remote cannot be reached.
   */
  async publish(ticket: HostTicket): Promise<PublishResult> {
    const remote = await readRemoteBranch(this.root, this.remote, ticket.branch);
    if (remote === ticket.head) return {};
    const pushed = await pushBranch(this.root, { remote: this.remote, branch: ticket.branch, sha: ticket.head, expected: remote ?? null });
    if (!pushed.ok) {
      throw new NxTicketsError('NX_TICKETS_PUSH_REJECTED', `Pushing ${ticket.branch} to ${this.remote} was refused: ${pushed.detail}.`, { ticket: ticket.key, exitCode: 1, hint: `Someone pushed to the branch meanwhile; look at it, then run nx-tickets retry ${ticket.key}.` });
    }
    return {};
  }

  /** Fetch the base branch from the remote and follow it locally when the local one is behind; the remote's sha. */
  async readBase(base: string, options: HostCallOptions = {}): Promise<string> {
    const head = await fetchBranch(this.root, { remote: this.remote, branch: base, ...(options.signal ? { signal: options.signal } : {}) });
    await this.followLocalBase(base, head);
    return head;
  }

  /** The base head when it already contains the ticket's head (a landing whose state was not saved). */
  async findLanded(ticket: HostTicket, base: { name: string; head: string }): Promise<string | undefined> {
    return (await isAncestor(this.root, ticket.head, base.head)) ? base.head : undefined;
  }

  /** Push the ticket's head to the remote's base (lease: `base.head`), then fast-forward the local base. */
  async land(ticket: HostTicket, base: { name: string; head: string }): Promise<LandOutcome> {
    if (!(await isAncestor(this.root, base.head, ticket.head))) return { kind: 'retry', reason: `${ticket.head} does not descend from ${base.name}` };
    const pushed = await pushBranch(this.root, { remote: this.remote, branch: base.name, sha: ticket.head, expected: base.head });
    if (!pushed.ok) return { kind: 'retry', reason: `${this.remote}/${base.name} moved meanwhile (${pushed.detail})` };
    await this.followLocalBase(base.name, ticket.head);
    return { kind: 'merged', sha: ticket.head };
  }

  /** Fast-forward the local base branch to `head` when it is behind it (a checkout with local changes is left alone). */
  private async followLocalBase(base: string, head: string): Promise<void> {
    const local = await readHead(this.root, `refs/heads/${base}`).catch(() => undefined);
    if (local !== undefined && local !== head && (await isAncestor(this.root, local, head))) await advanceBaseBranch(this.root, { base, to: head, expected: local }).catch(() => undefined);
  }
}
