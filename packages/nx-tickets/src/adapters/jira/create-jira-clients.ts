import { AgileClient, Version3Client, type Config } from 'jira.js';
import type { JiraCredentials } from './jira-credentials.js';

/** The two jira.js clients nx-tickets uses: platform REST v3 and agile 1.0. */
export interface JiraClients {
  v3: Version3Client;
  agile: AgileClient;
}

/**
 * Create jira.js clients for `host` (`https://site.atlassian.net`, no trailing slash). Basic
 * credentials use jira.js `basic` auth; a bearer token goes through its `oauth2.accessToken`
 * (sent as `Authorization: Bearer …`, no refresh). Requests time out after `timeoutMs` (30 s).
 */
export function createJiraClients(host: string, credentials: JiraCredentials, timeoutMs = 30_000): JiraClients {
  const authentication: Config['authentication'] =
    credentials.kind === 'basic' ? { basic: { email: credentials.email, apiToken: credentials.apiToken } } : { oauth2: { accessToken: credentials.token } };
  const config = { host, authentication, baseRequestConfig: { timeout: timeoutMs } } as Config;
  return { v3: new Version3Client(config), agile: new AgileClient(config) };
}
