/** A local, spec-checking Jira Cloud for tests: fixtures, the server, and its JQL subset. */
export * from './jira-fixture.js';
export * from './jira-server.js';
export * from './jira-spec-checker.js';
export { JIRA_FIELD_IDS } from './render-issue.js';
export * from './sample-jira-site.js';
