/** Package managers: which one a workspace uses, and the commands nx-tickets runs with it (no shell). */
export * from './package-manager.js';
export * from './package-manager-version.js';
export * from './lockfile-in-scratch-copy.js';
