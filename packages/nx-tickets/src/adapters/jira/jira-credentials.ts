import { JIRA_CREDENTIALS_HINT, JiraError } from './jira-error.js';

/** Credentials for Jira Cloud, read from the environment only. */
export type JiraCredentials = { kind: 'basic'; email: string; apiToken: string } | { kind: 'bearer'; token: string };

/**
 * Read Jira credentials from the environment: `JIRA_EMAIL` + `JIRA_API_TOKEN` (basic auth with an
 * API token), else `JIRA_PAT` (bearer). Values are never printed or put into errors.
 *
 * @throws JiraError `NX_TICKETS_JIRA_CREDENTIALS_MISSING` (exit 2) naming the variables to set.
 */
export function readJiraCredentials(env: Readonly<Record<string, string | undefined>>): JiraCredentials {
  const email = env['JIRA_EMAIL']?.trim();
  const apiToken = env['JIRA_API_TOKEN']?.trim();
  const pat = env['JIRA_PAT']?.trim();
  if (email && apiToken) return { kind: 'basic', email, apiToken };
  if (pat) return { kind: 'bearer', token: pat };
  const found = email ? 'JIRA_EMAIL is set but JIRA_API_TOKEN is not' : apiToken ? 'JIRA_API_TOKEN is set but JIRA_EMAIL is not' : 'none of JIRA_EMAIL, JIRA_API_TOKEN and JIRA_PAT is set';
  throw new JiraError('NX_TICKETS_JIRA_CREDENTIALS_MISSING', `Jira credentials are missing: ${found}.`, { hint: JIRA_CREDENTIALS_HINT });
}
