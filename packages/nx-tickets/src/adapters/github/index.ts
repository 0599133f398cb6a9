/** GitHub adapter: the code host (push, one pull request per ticket, merge train through the API) and its client. */
export * from './github-client.js';
export * from './github-error.js';
export * from './github-host-settings.js';
export * from './github-code-host.js';
export * from './parse-remote-url.js';
export * from './format-pull-request-body.js';
export * from './classify-merge-failure.js';
export { reviewersFrom } from './open-pull-request.js';
export { pickMethod } from './merge-pull-request.js';
export * from './github-ticket-source.js';
export * from './github-status-sync.js';
export * from './map-issue.js';
export * from './resolve-repository.js';
