import { PiscinaTaskPool } from '../adapters/pool/index.js';
import type { TaskRunner } from './run-tickets.js';
import type { TicketTask, TicketTaskEvent, TicketTaskResult } from './ticket-task.js';

/** Default heap limit of a pool worker, MiB (children it starts are limited by the watchdog instead). */
export const WORKER_HEAP_MB = 512;

/** How long an idle pool worker waits for the next ticket before it exits, ms. */
export const WORKER_IDLE_MS = 10 * 60_000;

/** A task runner on a pool of worker threads, and how to destroy the pool. */
export interface PoolTaskRunner {
  runTask: TaskRunner;
  /** Destroy the pool: its workers end (a running task is aborted). */
  close: () => Promise<void>;
}

/**
 * A task runner on a piscina pool of `maxThreads` worker threads running `ticket-worker.js`.
 * A crashed or out-of-memory worker fails only its ticket (the error's message says why).
 *
 * @returns the runner and a `close()` that destroys the pool.
 */
export function createPoolTaskRunner(maxThreads: number): PoolTaskRunner {
  const pool = new PiscinaTaskPool<TicketTask, TicketTaskResult, TicketTaskEvent>({
    workerFile: new URL('./ticket-worker.js', import.meta.url),
    maxThreads,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // Keep idle workers for the run (the pool is destroyed at its end): piscina's default (0) ends a
    // worker after each task, so every ticket paid a new thread loading all modules (~0.5–1 s of CPU).
    idleTimeoutMs: WORKER_IDLE_MS,
    // Start every worker with the pool: they load their modules while the first tickets are prepared.
    minThreads: maxThreads,
  });
  return {
    runTask: (task, onEvent, signal) => pool.run(task, { signal, onEvent }),
    close: () => pool.destroy(),
  };
}
