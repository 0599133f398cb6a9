import type { TicketSource } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/config-schema.js';
import { LocalTicketSource } from './local/local-ticket-source.js';

/** What {@link createTicketSource} needs besides the config. */
export interface TicketSourceOptions {
  /** Minutes in a working day (`estimates.hoursPerDay` × 60), for `1d` estimates. */
  minutesPerDay: number;
  /** Environment to read credentials from (`JIRA_API_TOKEN`, `GITHUB_TOKEN`, …); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The ticket source `config.source` names: Markdown files in the workspace (`local`) or Jira
 * (credentials from `options.env`, read when tickets are fetched); GitHub issues are not there yet.
 *
 *   read; `NX_TICKETS_GITHUB_TOKEN_MISSING` / `NX_TICKETS_GITHUB_REPO_UNKNOWN` for GitHub issues.
 */
export async function createTicketSource(root: string, config: ResolvedConfig, options: TicketSourceOptions): Promise<TicketSource> {
  const { source } = config;
  switch (source.type) {
    case 'local':
      return new LocalTicketSource({ root, dir: source.dir, minutesPerDay: options.minutesPerDay, sprints: config.sprints });
    case 'jira': {
      const { JiraTicketSource } = await import('./jira/jira-ticket-source.js');
      return new JiraTicketSource({ config: source, env: options.env ?? process.env });
    }
    case 'github': {
      const [{ createConfiguredClient, requireGitHubToken }, { GitHubTicketSource, resolveRepository }] = await Promise.all([import('./github-client-of.js'), import('./github/index.js')]);
      const env = options.env ?? process.env;
      const token = requireGitHubToken(env, 'source');
      return new GitHubTicketSource({
        client: createConfiguredClient(token, source.baseUrl, env),
        token,
        ...resolveRepository(root, source, 'origin', 'source'),
        ...(source.epicLabel ? { epicLabel: source.epicLabel } : {}),
        labelProjects: source.labelProjects,
        estimateLabelPrefix: source.estimateLabelPrefix,
        minutesPerDay: options.minutesPerDay,
      });
    }
  }
}
