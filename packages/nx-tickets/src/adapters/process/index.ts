/** process adapter: child processes in their own process group, with timeout, abort, memory watchdog and a registry for shutdown. */
export * from './spawn-tracked.js';
export * from './tracked-process-groups.js';
export { killProcessGroup, readProcessGroupRssMb } from './process-group.js';
export * from './format-argv.js';
export * from './is-process-alive.js';
