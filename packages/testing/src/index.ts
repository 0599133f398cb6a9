/** @nx-tickets/testing — private helpers: real temp git repositories and real temp Nx workspaces. */
export * from './temp-git-repo.js';
export * from './temp-nx-workspace.js';
export * from './prng.js';
export * from './github-server/index.js';
