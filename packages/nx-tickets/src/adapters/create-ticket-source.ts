import { NxTicketsError, type TicketSource } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/config-schema.js';
import { JiraTicketSource } from './jira/jira-ticket-source.js';
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
 * @throws NxTicketsError `NX_TICKETS_SOURCE_UNSUPPORTED` (exit 2) for a source this version cannot read.
 */
export function createTicketSource(root: string, config: ResolvedConfig, options: TicketSourceOptions): TicketSource {
  const { source } = config;
  switch (source.type) {
    case 'local':
      return new LocalTicketSource({ root, dir: source.dir, minutesPerDay: options.minutesPerDay, sprints: config.sprints });
    case 'jira':
      return new JiraTicketSource({ config: source, env: options.env ?? process.env });
    default:
      throw new NxTicketsError('NX_TICKETS_SOURCE_UNSUPPORTED', `The "${source.type}" ticket source is not available in this version of nx-tickets.`, {
        hint: 'Set options.source.type to "local" in nx.json (or nx-tickets.json) and keep tickets as Markdown files in tickets/.',
      });
  }
}
