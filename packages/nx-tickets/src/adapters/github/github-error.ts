import { NxTicketsError } from '@nx-tickets/core';

/** What a failed GitHub request looks like to the adapter (Octokit's RequestError, by shape). */
export interface HttpFailure {
  status: number;
  message: string;
}

/** Whether `error` is an HTTP answer from GitHub (Octokit's RequestError carries `status`). */
export function isHttpFailure(error: unknown): error is HttpFailure {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' && typeof (error as { message?: unknown }).message === 'string';
}

/** A refusal for a primary or secondary rate limit (403/429 saying so), left after the client's own waits. */
export function isRateLimited(error: unknown): boolean {
  return isHttpFailure(error) && (error.status === 403 || error.status === 429) && /rate limit/i.test(error.message);
}

/**
 * A GitHub request that failed for good. Code `NX_TICKETS_GITHUB_REQUEST_FAILED` (or a more
 * specific one); the message names the operation and GitHub's answer, with the token redacted.
 */
export class GitHubError extends NxTicketsError {
  override readonly name = 'GitHubError';
  /** HTTP status, when GitHub answered. */
  readonly status: number | undefined;

  constructor(code: string, message: string, options: { status?: number; hint?: string; ticket?: string; cause?: unknown; exitCode?: number } = {}) {
    super(code, message, { exitCode: 1, ...options });
    this.status = options.status;
  }
}

/** Replace every occurrence of `secret` in `text` (tokens never reach a message, event or log). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[REDACTED]') : text;
}

/**
 * Wrap an error thrown by a GitHub call as a {@link GitHubError} saying what was tried and what to do.
 * 401 → `NX_TICKETS_GITHUB_UNAUTHORIZED`; a rate limit still in force after the client's retries →
 * `NX_TICKETS_GITHUB_RATE_LIMITED` (the run retries the ticket later, like other machinery failures);
 * other 403/404 → `NX_TICKETS_GITHUB_FORBIDDEN`.
 */
export function toGitHubError(error: unknown, what: string, token: string | undefined, ticket?: string): GitHubError {
  if (error instanceof GitHubError) return error;
  const status = isHttpFailure(error) ? error.status : undefined;
  const detail = redact(error instanceof Error ? error.message : String(error), token);
  const base = { ...(status === undefined ? {} : { status }), ...(ticket ? { ticket } : {}) };
  if (status === 401) {
    return new GitHubError('NX_TICKETS_GITHUB_UNAUTHORIZED', `GitHub refused the token while trying to ${what} (401).`, { ...base, hint: 'Set GITHUB_TOKEN (or GH_TOKEN) to a token with repo access.' });
  }
  if (isRateLimited(error)) {
    return new GitHubError('NX_TICKETS_GITHUB_RATE_LIMITED', `GitHub kept refusing with a rate limit while trying to ${what}: ${detail}`, { ...base, hint: 'The run retries it after a pause; if it still fails, wait a few minutes and run `nx-tickets retry`.' });
  }
  if (status === 403 || status === 404) {
    return new GitHubError('NX_TICKETS_GITHUB_FORBIDDEN', `GitHub answered ${status} while trying to ${what}: ${detail}`, { ...base, hint: 'Check host.owner/host.repo and that the token may write to the repository.' });
  }
  return new GitHubError('NX_TICKETS_GITHUB_REQUEST_FAILED', `Could not ${what}: ${detail}`, { ...base, hint: 'Run `nx-tickets resume` to try again; nothing is done twice.' });
}
