/** Jira Cloud: a ticket source and a status target (jira.js). No Jira type leaves this folder. */
export * from './jira-ticket-source.js';
export * from './jira-error.js';
export * from './jira-credentials.js';
export * from './adf-to-text.js';
export * from './map-jira-issue.js';
export * from './jira-status-sync.js';
export * from './jira-comment.js';
