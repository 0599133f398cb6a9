import type { Verification } from '../run/run-state.js';

/** Where branches go and how tickets land on the base branch. */
export type CodeHostType = 'local' | 'github';

/** A pull request as the run records it (`prNumber`/`prUrl` in the ticket's run state). */
export interface PullRequestRef {
  number: number;
  url: string;
}

/** A built ticket as a host sees it. Paths are workspace-relative; shas are full commit ids. */
export interface HostTicket {
  key: string;
  title: string;
  branch: string;
  /** The verified head to publish or land. */
  head: string;
  /** Absolute path of the ticket's worktree (its branch is checked out there). */
  worktree: string;
  /** The pull request recorded for it by an earlier attempt, if any. */
  pullRequest?: PullRequestRef;
  /** Where the ticket lives (a file or a URL), for the pull request body. */
  ticketUrl?: string;
  /** Issue numbers the pull request closes when it lands (`Closes #N`). */
  closes?: number[];
  /** Files predicted by the plan and files actually changed. */
  predictedFiles: string[];
  actualFiles: string[];
  verification?: Verification;
  /** CODEOWNERS owners of the changed files (`@user`, `@org/team`), for reviewers. */
  owners?: string[];
}

/** Outcome of {@link CodeHost.publish}. */
export interface PublishResult {
  /** The ticket's pull request (found or opened); absent for the local host. */
  pullRequest?: PullRequestRef;
  /** Whether this call opened it (false: it existed already). */
  opened?: boolean;
}

/**
 * What landing a ticket came to. `held` keeps it built for a later try (`stopTrain`: stop the train
 * until a person acts); `retry` means the base moved, integrate again; `reverify` means the branch
 * head on the host is not the verified one (verify `head`, then land again); `conflict` sets it aside.
 */
export type LandOutcome =
  | { kind: 'merged'; sha: string }
  | { kind: 'held'; reason: string; detail: string; stopTrain?: boolean }
  | { kind: 'retry'; reason: string; /** Wait this long first (ms), e.g. after a rate limit. */ retryAfterMs?: number }
  | { kind: 'reverify'; reason: string; head: string }
  | { kind: 'conflict'; reason: string }
  | { kind: 'failed'; reason: string; code: string };

/** Outcome of {@link CodeHost.updateBranch}: the new head, or a conflict (branch untouched). */
export type UpdateOutcome = { ok: true; head: string; moved: boolean } | { ok: false; conflicts: string[]; reason: string };

/** Options of every host call. */
export interface HostCallOptions {
  signal?: AbortSignal;
}

/** Options of {@link CodeHost.land}. */
export interface LandOptions extends HostCallOptions {
  /** The train rebased (or merged) `ticket.head` onto `base.head` itself: it descends from it. */
  onBase?: boolean;
}

/**
 * Port: where ticket branches go and how the merge train lands them. Adapters: `LocalCodeHost`
 * (the local repository: nothing to publish, the base ref moves by compare-and-swap) and
 * `GitHubCodeHost` (push, one pull request per ticket, merge through the API). No vendor type
 * crosses it. Every method is idempotent, so a resumed run never opens a second pull request or
 * merges twice; expected refusals are returned as data, not thrown.
 */
export interface CodeHost {
  readonly type: CodeHostType;
  /**
   * Whether {@link publish} sends the branch anywhere: the GitHub host, and the local host of a CI
   * run that pushes to a git remote. When false (the plain local host) the `push` and `pr` steps are skipped.
   */
  readonly pushesBranches?: boolean;
  /**
   * Push the ticket's branch and find or open its one pull request against `base` (the `push` and `pr` steps).
   * @throws NxTicketsError when the host refuses for good (bad token, no such repository).
   */
  publish(ticket: HostTicket, base: { name: string }, options?: HostCallOptions): Promise<PublishResult>;
  /** The base branch head as the host has it now (the GitHub host fetches it from `origin` first). */
  readBase(base: string, options?: HostCallOptions): Promise<string>;
  /** The base sha the ticket landed at, when it landed already (a merge whose state was not saved), else `undefined`. */
  findLanded(ticket: HostTicket, base: { name: string; head: string }, options?: HostCallOptions): Promise<string | undefined>;
  /**
   * Bring the branch onto the base on the host (GitHub's update-branch API) and check the result
   * out in the worktree. Absent when the branch is rebased locally (the default).
   */
  updateBranch?(ticket: HostTicket, base: { name: string; head: string }, options?: HostCallOptions): Promise<UpdateOutcome>;
  /**
   * Start reading what the next {@link land} on `base` needs, while the train integrates the
   * ticket (the local host: where the base is checked out, and whether that checkout is clean).
   * Optional; `land` works without it.
   */
  prepareLand?(base: { name: string }): void;
  /** Land the verified `ticket.head` on the base branch, which is expected at `base.head`. */
  land(ticket: HostTicket, base: { name: string; head: string }, options?: LandOptions): Promise<LandOutcome>;
}
