/** system adapter: machine load (CPU, memory, disk io) for admission control. */
export * from './read-system-load.js';
