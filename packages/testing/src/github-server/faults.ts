/**
 * Failures a test injects into the fake GitHub, answered after the request passed the spec check
 * and before the operation runs (except `already-exists`, which creates the pull request first, as
 * when GitHub created it and the answer was lost).
 */
export type FaultKind =
  /** 422 "A pull request already exists for owner:branch." (the pull request is created first). */
  | 'already-exists'
  /** 403 "You have exceeded a secondary rate limit" with a `retry-after` header (seconds). */
  | 'secondary-rate-limit'
  /** 405 "Base branch was modified. Review and try the merge again." */
  | 'base-modified'
  /** 409 "Head branch was modified. Review and try the merge again." */
  | 'head-modified'
  /** 405 "Merge commits are not allowed on this repository." (whatever method was asked). */
  | 'method-not-allowed'
  /** A 5xx answer (`status`, default 502). */
  | 'server-error';

/** One injected failure. */
export interface Fault {
  /** The operation id it applies to (`pulls/create`, `pulls/merge`, …), or `*` for any. */
  operation: string;
  kind: FaultKind;
  /** How many matching requests it answers (default 1). */
  times?: number;
  /** `server-error`: the status (default 502). */
  status?: number;
  /** `secondary-rate-limit`: the `retry-after` header, seconds (default 1). */
  retryAfter?: number;
  /** Only requests for this pull request or issue number. */
  number?: number;
}

/** A canned answer. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The answer GitHub gives for a fault (except `already-exists`, answered by the operation itself). */
export function faultResponse(fault: Fault): FakeResponse {
  const docs = 'https://docs.github.com/rest';
  switch (fault.kind) {
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: docs },
      };
    case 'base-modified':
      return { status: 405, body: { message: 'Base branch was modified. Review and try the merge again.', documentation_url: docs } };
    case 'head-modified':
      return { status: 409, body: { message: 'Head branch was modified. Review and try the merge again.', documentation_url: docs } };
    case 'method-not-allowed':
      return { status: 405, body: { message: 'Merge commits are not allowed on this repository.', documentation_url: docs } };
    case 'server-error':
      return { status: fault.status ?? 502, body: { message: 'Server Error' } };
    case 'already-exists':
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists.' }], documentation_url: docs } };
  }
}
