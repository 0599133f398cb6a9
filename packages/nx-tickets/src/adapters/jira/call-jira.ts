import pRetry, { AbortError } from 'p-retry';
import { jiraRetryAfterSeconds, jiraStatus, toJiraError } from './jira-error.js';

/** Retry policy of {@link callJira}. */
export interface JiraRetryOptions {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First back-off for 5xx and network errors, ms; doubles each time (default 1000). */
  minTimeoutMs?: number;
  /** Longest `Retry-After` honoured, seconds (default 60); longer waits give up instead. */
  maxRetryAfterSeconds?: number;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Run one Jira call with retries (p-retry): 429 waits the `Retry-After` seconds Jira sent, then
 * retries; 5xx and network errors back off exponentially from `minTimeoutMs`; every other error
 * (400, 401, 403, 404, 410) fails at once. The final error is a `JiraError` (see `toJiraError`).
 *
 * @param action what the call does, for the error sentence ("search for tickets").
 */
export async function callJira<T>(host: string, action: string, call: () => Promise<T>, options: JiraRetryOptions & { signal?: AbortSignal; ticket?: string } = {}): Promise<T> {
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 60;
  try {
    return await pRetry(
      async () => {
        try {
          return await call();
        } catch (error) {
          const status = jiraStatus(error);
          const retryable = status === undefined || status === 429 || status >= 500;
          // p-retry retries any Error; wrap the others so they stop here.
          if (!retryable) throw new AbortError(error as Error);
          throw error;
        }
      },
      {
        retries: options.retries ?? 4,
        minTimeout: options.minTimeoutMs ?? 1000,
        factor: 2,
        ...(options.signal ? { signal: options.signal } : {}),
        onFailedAttempt: async ({ error, retriesLeft }) => {
          const seconds = jiraRetryAfterSeconds(error);
          if (seconds === undefined || retriesLeft === 0) return;
          if (seconds > maxRetryAfter) throw error;
          await wait(seconds * 1000, options.signal);
        },
      },
    );
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw toJiraError(error, host, action, options.ticket);
  }
}
