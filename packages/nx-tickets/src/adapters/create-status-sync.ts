import { NxTicketsError, type StatusSync } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/config-schema.js';
import { JiraStatusSync } from './jira/jira-status-sync.js';

/**
 * Where a run writes its progress back, by `config.source`: Jira (transitions and comments) or
 * GitHub issues (comments). Local ticket files have nowhere to write to: `undefined`.
 *
 * @param env environment with the source's credentials; default `process.env`.
 * @throws NxTicketsError `NX_TICKETS_SOURCE_UNSUPPORTED` (exit 2) for a source this version cannot write to.
 */
export function createStatusSync(root: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): StatusSync | undefined {
  void root;
  const { source } = config;
  switch (source.type) {
    case 'local':
      return undefined;
    case 'jira':
      return new JiraStatusSync({ config: source, env });
    default:
      throw new NxTicketsError('NX_TICKETS_SOURCE_UNSUPPORTED', `The "${source.type}" ticket source is not available in this version of nx-tickets.`, {
        hint: 'Set options.source.type to "local", or run with --no-sync.',
      });
  }
}
