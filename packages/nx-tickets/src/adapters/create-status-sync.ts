import type { StatusSync } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/config-schema.js';

/**
 * Where a run writes its progress back, by `config.source`: Jira (transitions and comments) or
 * GitHub issues (comments). Local ticket files have nowhere to write to: `undefined`.
 *
 * @param env environment with the source's credentials; default `process.env`.
 */
export async function createStatusSync(root: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): Promise<StatusSync | undefined> {
  const { source } = config;
  switch (source.type) {
    case 'local':
      return undefined;
    case 'jira': {
      const { JiraStatusSync } = await import('./jira/jira-status-sync.js');
      return new JiraStatusSync({ config: source, env });
    }
    case 'github': {
      const [{ createConfiguredClient, requireGitHubToken }, { GitHubStatusSync, resolveRepository }] = await Promise.all([import('./github-client-of.js'), import('./github/index.js')]);
      const token = requireGitHubToken(env, 'source');
      return new GitHubStatusSync({ client: createConfiguredClient(token, source.baseUrl, env), token, ...resolveRepository(root, source, 'origin', 'source'), commentOnFailure: source.commentOnFailure });
    }
  }
}
