import { PiscinaTaskPool } from '../adapters/pool/index.js';
import type { TaskRunner } from './run-tickets.js';
import type { TicketTask, TicketTaskEvent, TicketTaskResult } from './ticket-task.js';

/** Default heap limit of a pool worker, MiB (children it starts are limited by the watchdog instead). */
export const WORKER_HEAP_MB = 512;

/**
 * A task runner on a piscina pool of `maxThreads` worker threads running `ticket-worker.js`.
 * A crashed or out-of-memory worker fails only its ticket (the error's message says why).
 *
 * @returns the runner and a `close()` that destroys the pool.
 */
export function createPoolTaskRunner(maxThreads: number): { runTask: TaskRunner; close: () => Promise<void> } {
  const pool = new PiscinaTaskPool<TicketTask, TicketTaskResult, TicketTaskEvent>({
    workerFile: new URL('./ticket-worker.js', import.meta.url),
    maxThreads,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return {
    runTask: (task, onEvent, signal) => pool.run(task, { signal, onEvent }),
    close: () => pool.destroy(),
  };
}
