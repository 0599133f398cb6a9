/** Package managers: which one a workspace uses, and the commands nx-tickets runs with it (no shell). */
export * from './package-manager.js';
