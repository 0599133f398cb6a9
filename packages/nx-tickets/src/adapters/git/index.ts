/** git adapter (simple-git): file index and existing ticket branches. */
export * from './read-file-index.js';
export * from './read-ticket-branch-diffs.js';
export * from './match-ticket-branches.js';
export * from './git-commands.js';
export * from './walk-workspace-files.js';
