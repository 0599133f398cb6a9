/** pool adapter: a piscina worker pool with events from worker to caller, and its worker-side helper. */
export * from './piscina-task-pool.js';
export * from './worker-channel.js';
export * from './to-pool-error.js';
