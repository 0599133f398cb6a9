import { createGitHubClient, type GitHubClient } from './github/index.js';

export { readGitHubToken, requireGitHubToken } from './github-token.js';

/**
 * A client for `baseUrl` with the token. Test knobs, not documented for users:
 * `NX_TICKETS_GITHUB_RETRY_UNIT_MS` and `NX_TICKETS_GITHUB_WRITE_INTERVAL_MS` shrink rate-limit
 * waits and the gap between writes for a local test server.
 */
export function createConfiguredClient(token: string, baseUrl: string | undefined, env: NodeJS.ProcessEnv, options: { onWarning?: (message: string) => void; signal?: AbortSignal } = {}): GitHubClient {
  const number = (name: string) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : undefined);
  const retryUnitMs = number('NX_TICKETS_GITHUB_RETRY_UNIT_MS');
  const minWriteIntervalMs = number('NX_TICKETS_GITHUB_WRITE_INTERVAL_MS');
  return createGitHubClient({
    token,
    ...(baseUrl ? { baseUrl } : {}),
    ...(retryUnitMs === undefined ? {} : { retryUnitMs }),
    ...(minWriteIntervalMs === undefined ? {} : { minWriteIntervalMs }),
    ...(options.onWarning ? { onWait: options.onWarning } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
