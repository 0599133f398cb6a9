import { NxTicketsError } from '@nx-tickets/core';
import { createGitHubClient, type GitHubClient } from './github/index.js';

/** The token for GitHub: `GITHUB_TOKEN`, else `GH_TOKEN` (never printed). */
export function readGitHubToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim() || undefined;
}

/**
 * The GitHub token, for the `host` or the `source` config.
 * @throws NxTicketsError `NX_TICKETS_GITHUB_TOKEN_MISSING` (exit 2) when neither variable is set.
 */
export function requireGitHubToken(env: NodeJS.ProcessEnv, where: 'host' | 'source'): string {
  const token = readGitHubToken(env);
  if (token) return token;
  throw new NxTicketsError('NX_TICKETS_GITHUB_TOKEN_MISSING', `${where}.type is "github" but neither GITHUB_TOKEN nor GH_TOKEN is set.`, {
    hint: where === 'host' ? 'Export GITHUB_TOKEN with a token that may push and open pull requests, or set options.host.type to "local".' : 'Export GITHUB_TOKEN with a token that may read the repository\'s issues.',
  });
}

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
