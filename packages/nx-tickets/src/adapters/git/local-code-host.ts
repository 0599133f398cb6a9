import type { CodeHost, HostTicket, LandOptions, LandOutcome, PublishResult } from '@nx-tickets/core';
import { advanceBaseBranch, readBaseCheckout, type BaseCheckout } from './advance-base-branch.js';
import { isAncestor, readHead } from './read-head.js';

/**
 * The local repository as the code host (`host.type: "local"`): branches stay where they are, so
 * there is nothing to publish; a ticket lands by fast-forwarding the local base branch with a
 * compare-and-swap (see `advanceBaseBranch`).
 */
export class LocalCodeHost implements CodeHost {
  readonly type = 'local' as const;

  /** What {@link prepareLand} started reading, for the next landing on that base. */
  private prepared: { base: string; reading: Promise<BaseCheckout | undefined> } | undefined;

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

  /** Read where the base is checked out, and whether that checkout is clean, for the next {@link land}. */
  prepareLand(base: { name: string }): void {
    const reading = readBaseCheckout(this.root, base.name).catch(() => undefined); // land() reads again
    this.prepared = { base: base.name, reading };
  }

  /** Fast-forward the base to the ticket's head; `held` (train stopped for a dirty checkout) when it cannot move. */
  async land(ticket: HostTicket, base: { name: string; head: string }, options: LandOptions = {}): Promise<LandOutcome> {
    const prepared = this.prepared?.base === base.name ? await this.prepared.reading : undefined;
    this.prepared = undefined;
    const moved = await advanceBaseBranch(this.root, { base: base.name, to: ticket.head, expected: base.head, ...(options.onBase ? { descends: true } : {}), ...(prepared ? { prepared } : {}) });
    if (moved.ok) return { kind: 'merged', sha: ticket.head };
    return { kind: 'held', reason: moved.reason, detail: moved.detail, ...(moved.reason === 'checked-out-dirty' ? { stopTrain: true } : {}) };
  }
}
