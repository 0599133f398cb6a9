import type { StatusSync } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/config-schema.js';
import { JiraStatusSync } from './jira/jira-status-sync.js';
import { createConfiguredClient, requireGitHubToken } from './github-client-of.js';
import { GitHubStatusSync, resolveRepository } from './github/index.js';

/**
 * Where a run writes its progress back, by `config.source`: Jira (transitions and comments) or
 * GitHub issues (comments). Local ticket files have nowhere to write to: `undefined`.
 *
 * @param env environment with the source's credentials; default `process.env`.
 */
export function createStatusSync(root: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): StatusSync | undefined {
  const { source } = config;
  switch (source.type) {
    case 'local':
      return undefined;
    case 'jira':
      return new JiraStatusSync({ config: source, env });
    case 'github': {
      const token = requireGitHubToken(env, 'source');
      return new GitHubStatusSync({ client: createConfiguredClient(token, source.baseUrl, env), token, ...resolveRepository(root, source, 'origin', 'source'), commentOnFailure: source.commentOnFailure });
    }
  }
}
