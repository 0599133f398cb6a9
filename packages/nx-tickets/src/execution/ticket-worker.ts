/**
 * The pool's worker file: runs a ticket's implement/verify/commit steps in a worker thread.
 * Loaded by piscina from `dist/execution/ticket-worker.js`.
 */
import { withEventPort, type PoolTaskEnvelope } from '../adapters/pool/worker-channel.js';
import { runTicketSteps } from './run-ticket-steps.js';
import type { TicketTask, TicketTaskEvent, TicketTaskResult } from './ticket-task.js';

export default function ticketWorker(envelope: PoolTaskEnvelope<TicketTask>) {
  return withEventPort<TicketTask, TicketTaskResult, TicketTaskEvent>(envelope, (emit, task, signal) => runTicketSteps(task, emit, signal));
}
