import { NxTicketsError } from '@nx-tickets/core';

// Kept apart from the GitHub client (Octokit) so checking the config does not load it.

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
