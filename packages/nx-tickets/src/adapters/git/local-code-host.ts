import type { CodeHost, HostTicket, LandOutcome, PublishResult } from '@nx-tickets/core';
import { advanceBaseBranch } from './advance-base-branch.js';
import { isAncestor, readHead } from './read-head.js';

/**
 * The local repository as the code host (`host.type: "local"`): branches stay where they are, so
 * there is nothing to publish; a ticket lands by fast-forwarding the local base branch with a
 * compare-and-swap (see `advanceBaseBranch`).
 */
export class LocalCodeHost implements CodeHost {
  readonly type = 'local' as const;

  /** @param root absolute path inside the repository. */
  constructor(private readonly root: string) {}

  /** Nothing to do: the branch is already in the repository. */
  async publish(): Promise<PublishResult> {
    return {};
  }

  /** `refs/heads/<base>` of the local repository. */
  async readBase(base: string): Promise<string> {
    return readHead(this.root, `refs/heads/${base}`);
  }

  /** The base head when it already contains the ticket's head. */
  async findLanded(ticket: HostTicket, base: { name: string; head: string }): Promise<string | undefined> {
    return (await isAncestor(this.root, ticket.head, base.head)) ? base.head : undefined;
  }

  /** Fast-forward the base to the ticket's head; `held` (train stopped for a dirty checkout) when it cannot move. */
  async land(ticket: HostTicket, base: { name: string; head: string }): Promise<LandOutcome> {
    const moved = await advanceBaseBranch(this.root, { base: base.name, to: ticket.head, expected: base.head });
    if (moved.ok) return { kind: 'merged', sha: ticket.head };
    return { kind: 'held', reason: moved.reason, detail: moved.detail, ...(moved.reason === 'checked-out-dirty' ? { stopTrain: true } : {}) };
  }
}
