/** @nx-tickets/testing — private helpers: real temp git repositories, real temp Nx workspaces and a spec-checked local Jira. */
export * from './temp-git-repo.js';
export * from './temp-nx-workspace.js';
export * from './prng.js';
export * from './package-manager-env.js';
export * from './jira-server/index.js';
export * from './github-server/index.js';
