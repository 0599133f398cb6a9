import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

/** The Octokit class nx-tickets uses: REST methods, throttling (rate limits, secondary included) and retries. */
const GitHubOctokit = Octokit.plugin(throttling, retry);
/** An authenticated REST client (internal to the GitHub adapter: no Octokit type crosses the ports). */
export type GitHubClient = Octokit;

/**
 * Statuses plugin-retry must not retry blindly. Its default list lacks 405 and 409, which GitHub
 * answers when a merge finds the base or the head moved: those need a decision (integrate again,
 * verify again), not the same request three times.
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 405, 409, 410, 422, 451] as const;

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
  /** A token from `GITHUB_TOKEN`/`GH_TOKEN`; sent only as the Authorization header, never logged. */
  token: string;
  /** REST root, default `https://api.github.com` (GitHub Enterprise: `https://HOST/api/v3`). */
  baseUrl?: string;
  /** How often a request hit by a rate limit is retried (after the `retry-after` GitHub asks for). Default 5. */
  rateLimitRetries?: number;
  /**
   * Milliseconds per second of `retry-after` and of plugin-retry's back-off (default 1000). Tests
   * shrink it so a storm of secondary rate limits takes milliseconds; production keeps GitHub's timing.
   */
  retryUnitMs?: number;
  /**
   * Minimum milliseconds between two writes (POST/PATCH/PUT/DELETE), and between two writes that
   * notify people (opening a pull request, a comment). Default: plugin-throttling's 1000 and 3000,
   * as GitHub asks of clients making many writes; tests lower them.
   */
  minWriteIntervalMs?: number;
  /** Called with a sentence when a request waits for a rate limit (no token in it). */
  onWait?: (message: string) => void;
  /** Aborts every request in flight. */
  signal?: AbortSignal;
}

/**
 * Create the REST client: `@octokit/rest` with `@octokit/plugin-throttling` (waits `retry-after`
 * on a primary or secondary rate limit, then retries up to `rateLimitRetries` times) and
 * `@octokit/plugin-retry` (5xx and network errors, three times with back-off; never 405/409/422).
 * Its logger is silent: the adapter reports through events, and Octokit's errors redact the token.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.rateLimitRetries ?? 5;
  const unit = options.retryUnitMs ?? 1000;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= retries) return false;
    options.onWait?.(`GitHub ${kind} on ${request.method} ${request.url}: waiting ${retryAfter}s (retry ${retryCount + 1} of ${retries})`);
    return true;
  };
  return new GitHubOctokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'nx-tickets',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    request: options.signal ? { signal: options.signal } : {},
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      retryAfterBaseValue: unit,
      fallbackSecondaryRateRetryAfter: 60,
      ...(options.minWriteIntervalMs === undefined
        ? {}
        : {
            write: new Bottleneck.Group({ id: 'nx-tickets-write', maxConcurrent: 1, minTime: options.minWriteIntervalMs }),
            notifications: new Bottleneck.Group({ id: 'nx-tickets-notifications', maxConcurrent: 1, minTime: options.minWriteIntervalMs }),
          }),
    },
    retry: { doNotRetry: [...DO_NOT_RETRY], retryAfterBaseValue: unit },
  });
}
