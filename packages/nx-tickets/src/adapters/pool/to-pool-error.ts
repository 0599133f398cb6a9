import { NxTicketsError } from '@nx-tickets/core';
import type { SerializedError } from './worker-channel.js';

const RETRY_HINT = 'Only this task failed and the pool replaced the worker; fix the cause and retry the ticket (`nx-tickets retry KEY`).';

/**
 * Turns how piscina rejected a task into an NxTicketsError `NX_TICKETS_WORKER_CRASHED` whose message
 * is the reason. What piscina 5 rejects with (checked in `piscina-task-pool.spec.ts`):
 * - heap out of memory: an Error with code `ERR_WORKER_OUT_OF_MEMORY` (Node's worker `error` event);
 * - `process.exit(n)` in the worker: `Error('worker exited with code: n')`;
 * - an uncaught exception in the worker: that exception, cloned (prototype and extra fields lost).
 * In every case only the tasks of that worker fail (one per worker here) and a new worker replaces it.
 *
 * @param heapLimitMb the pool's `maxOldGenerationSizeMb`, named in the out-of-memory reason.
 */
export function toCrashError(error: unknown, heapLimitMb: number | undefined): NxTicketsError {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  const exit = /worker exited with code: (-?\d+)/.exec(text);
  const reason =
    code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? `worker ran out of memory${heapLimitMb === undefined ? '' : ` (heap limit ${heapLimitMb} MiB)`}`
      : exit
        ? `worker exited with code ${exit[1]}`
        : `worker crashed: ${text}`;
  const hint = code === 'ERR_WORKER_OUT_OF_MEMORY' ? `Raise the worker heap limit, or make the ticket's pipeline use less memory. ${RETRY_HINT}` : RETRY_HINT;
  return new NxTicketsError('NX_TICKETS_WORKER_CRASHED', reason, { hint, cause: error, exitCode: 1 });
}

/**
 * Turns an error thrown inside `withEventPort` back into an NxTicketsError: one that had an
 * `NX_TICKETS_*` code keeps its code, message, hint, ticket and exit code; anything else is a
 * `NX_TICKETS_WORKER_CRASHED` "worker threw …" (a bug in the worker code, not an expected failure).
 */
export function fromSerializedError(error: SerializedError): NxTicketsError {
  const cause = Object.assign(new Error(error.message), { name: error.name, stack: error.stack });
  if (error.code?.startsWith('NX_TICKETS_')) {
    return new NxTicketsError(error.code, error.message, { ticket: error.ticket, hint: error.hint, exitCode: error.exitCode, cause });
  }
  return new NxTicketsError('NX_TICKETS_WORKER_CRASHED', `worker threw ${error.name}: ${error.message}`, { hint: RETRY_HINT, cause, exitCode: 1 });
}
