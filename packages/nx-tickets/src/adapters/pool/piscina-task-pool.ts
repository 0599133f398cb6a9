import { MessageChannel } from 'node:worker_threads';
import { NxTicketsError } from '@nx-tickets/core';
import { Piscina } from 'piscina';
import { listenForEvents } from './listen-for-events.js';
import { fromSerializedError, toCrashError } from './to-pool-error.js';
import type { PoolPortMessage, PoolTaskEnvelope, PoolTaskOutcome } from './worker-channel.js';

/** Options of {@link PiscinaTaskPool}. */
export interface PiscinaTaskPoolOptions {
  /** A plain JS module (path or file URL) whose default export answers through `withEventPort`. */
  workerFile: string | URL;
  /** Tasks running at once, one per worker thread (`max_threads`). */
  maxThreads: number;
  /** Worker heap limit, MiB; a worker above it fails its task with "worker ran out of memory". */
  resourceLimits?: { maxOldGenerationSizeMb?: number };
  /** An idle worker exits after this long, ms (piscina's default when absent). */
  idleTimeoutMs?: number;
  /** Workers started with the pool and kept (default 0: started on demand). */
  minThreads?: number;
  /** After an abort, how long the worker may take to stop its children before it is terminated, ms. Default 10000. */
  abortGraceMs?: number;
}

/** A snapshot of the pool. */
export interface PoolStats {
  /** Live worker threads. */
  threads: number;
  running: number;
  queued: number;
  /** Tasks settled since the pool started, any outcome (aborted ones included). */
  completed: number;
  /** Share of the threads' capacity spent running tasks since the pool started, 0–1 (piscina). */
  utilization: number;
}

/**
 * A piscina worker pool running one task per thread. Events flow from the worker to the caller over a
 * `MessageChannel` port transferred with each task (`transferList`; `Piscina.move` is for a task or
 * result that *is* a transferable, not one nested in an object). A worker that throws, exits, hits an
 * uncaught exception or runs out of heap fails only its own task; other and later tasks keep running.
 */
export class PiscinaTaskPool<TTask, TResult, TEvent> {
  readonly #piscina: Piscina;
  readonly #heapLimitMb: number | undefined;
  readonly #abortGraceMs: number;
  readonly #inFlight = new Set<InFlightTask>();
  #completed = 0;

  /** @throws NxTicketsError `NX_TICKETS_INVALID_INPUT` naming the bad option. */
  constructor(options: PiscinaTaskPoolOptions) {
    if (!Number.isInteger(options.maxThreads) || options.maxThreads < 1) {
      throw new NxTicketsError('NX_TICKETS_INVALID_INPUT', `pool option maxThreads must be a whole number of at least 1 (got ${options.maxThreads})`, {
        hint: 'Set parallel_execution.max_threads in nx.json to 1 or more.',
      });
    }
    const heapLimitMb = options.resourceLimits?.maxOldGenerationSizeMb;
    if (heapLimitMb !== undefined && !(heapLimitMb > 0)) {
      throw new NxTicketsError('NX_TICKETS_INVALID_INPUT', `pool option resourceLimits.maxOldGenerationSizeMb must be above 0 (got ${heapLimitMb})`);
    }
    this.#heapLimitMb = heapLimitMb;
    this.#abortGraceMs = options.abortGraceMs ?? 10_000;
    this.#piscina = new Piscina({
      filename: options.workerFile instanceof URL ? options.workerFile.href : options.workerFile,
      minThreads: Math.min(options.minThreads ?? 0, options.maxThreads),
      maxThreads: options.maxThreads,
      ...(heapLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }),
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeout: options.idleTimeoutMs }),
    });
    // A worker failing with no task (idle) is replaced on the next task; nothing to report to a caller.
    this.#piscina.on('error', () => undefined);
  }

  /**
   * Runs `task` on a worker; `onEvent` receives what the worker emits, in order, all before this
   * settles (after a crash, the last events before it may be lost). On abort the worker's `signal`
   * aborts (so it can kill its child processes); the worker is terminated if it has not finished
   * after `abortGraceMs`.
   *
   * @throws NxTicketsError `NX_TICKETS_WORKER_CRASHED` (reason as message), `NX_TICKETS_ABORTED`,
   *   `NX_TICKETS_INVALID_WORKER` when the worker did not answer through `withEventPort`, or the
   *   `NX_TICKETS_*` error the worker threw; an error thrown by `onEvent` once the task has ended.
   */
  run(task: TTask, options: { signal?: AbortSignal; onEvent?: (event: TEvent) => void } = {}): Promise<TResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(aborted(signal.reason));
    const { port1, port2 } = new MessageChannel();
    const events = listenForEvents(port1, options.onEvent);
    const force = new AbortController();
    const envelope: PoolTaskEnvelope<TTask> = { task, port: port2 };
    const outcome = this.#piscina.run(envelope, { transferList: [port2], signal: force.signal }) as Promise<PoolTaskOutcome<TResult>>;
    let abortReason: string | undefined;
    const entry: InFlightTask = {
      abort: (reason) => {
        if (abortReason !== undefined) return;
        abortReason = reason;
        // Not started yet: piscina just drops it from the queue. (Started, with `start` still in flight:
        // the worker is terminated at once, having had next to no time to start a child process.)
        if (!events.started) return force.abort(reason);
        port1.postMessage({ kind: 'abort', reason } satisfies PoolPortMessage<TEvent>);
        setTimeout(() => force.abort(reason), this.#abortGraceMs).unref();
      },
    };
    const onAbort = () => entry.abort(String(signal?.reason ?? 'aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#inFlight.add(entry);
    const settled = (async (): Promise<TResult> => {
      try {
        const result = await outcome.catch((error: unknown) => {
          throw abortReason === undefined ? toCrashError(error, this.#heapLimitMb) : aborted(abortReason);
        });
        if (result?.kind !== 'result' && result?.kind !== 'error') {
          throw new NxTicketsError('NX_TICKETS_INVALID_WORKER', 'the worker file did not answer through withEventPort', { exitCode: 1 });
        }
        await events.drained(result.events);
        if (abortReason !== undefined) throw aborted(abortReason);
        if (events.listenerError) throw events.listenerError.error;
        if (result.kind === 'error') throw fromSerializedError(result.error);
        return result.value;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        port1.close();
        this.#inFlight.delete(entry);
        this.#completed++;
      }
    })();
    entry.settled = settled.catch(() => undefined);
    return settled;
  }

  /** Aborts every task (each worker gets `abortGraceMs` to stop its children), then stops the threads. */
  async destroy(): Promise<void> {
    const entries = [...this.#inFlight];
    for (const entry of entries) entry.abort('the pool is shutting down');
    await Promise.all(entries.map((entry) => entry.settled));
    await this.#piscina.destroy();
  }

  /** Threads, running and queued tasks, completed tasks, utilisation (0–1). */
  get stats(): PoolStats {
    const queued = this.#piscina.queueSize;
    return {
      threads: this.#piscina.threads.length,
      running: Math.max(0, this.#inFlight.size - queued),
      queued,
      completed: this.#completed,
      utilization: this.#piscina.utilization,
    };
  }
}

interface InFlightTask {
  abort(reason: string): void;
  settled?: Promise<unknown>;
}

function aborted(reason: unknown): NxTicketsError {
  return new NxTicketsError('NX_TICKETS_ABORTED', 'the task was aborted', { cause: reason, exitCode: 130 });
}
