import type { MessagePort } from 'node:worker_threads';

// Worker side of `PiscinaTaskPool`. No runtime imports, so worker files (and tests) can load it alone.

/** What the pool posts to the worker: the caller's task and the port its events go back on. */
export interface PoolTaskEnvelope<TTask> {
  task: TTask;
  port: MessagePort;
}

/** Worker → pool on the port: `start` first, then each event in order. Pool → worker: `abort`. */
export type PoolPortMessage<TEvent> = { kind: 'start' } | { kind: 'event'; event: TEvent } | { kind: 'abort'; reason: string };

/** An error thrown in the worker, as plain data: `code`, `hint` and `ticket` survive the thread hop. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  ticket?: string;
  exitCode?: number;
  stack?: string;
}

/** What the worker function returns to piscina; `events` is how many events were posted before it. */
export type PoolTaskOutcome<TResult> =
  | { kind: 'result'; value: TResult; events: number }
  | { kind: 'error'; error: SerializedError; events: number };

/**
 * Runs one pool task in a worker: `run(emit, task, signal)` gets an `emit` that sends events to the
 * caller's `onEvent` (in order, structured-cloned), and a `signal` that aborts when the caller
 * aborts — stop child processes with it; the pool terminates the worker only after a grace period.
 * A worker file's default export is typically
 * `(envelope) => withEventPort(envelope, (emit, task, signal) => runPipeline(task, emit, signal))`.
 *
 * Never rejects: a thrown error comes back as `{ kind: 'error' }`, which the pool turns into a
 * rejection (an error with an `NX_TICKETS_*` code keeps its code, hint and ticket).
 */
export async function withEventPort<TTask, TResult, TEvent>(
  envelope: PoolTaskEnvelope<TTask>,
  run: (emit: (event: TEvent) => void, task: TTask, signal: AbortSignal) => TResult | Promise<TResult>,
): Promise<PoolTaskOutcome<TResult>> {
  const { task, port } = envelope;
  const controller = new AbortController();
  const onMessage = (message: PoolPortMessage<TEvent>) => {
    if (message.kind === 'abort') controller.abort(new Error(message.reason));
  };
  port.on('message', onMessage);
  let events = 0;
  const post = (message: PoolPortMessage<TEvent>) => port.postMessage(message);
  post({ kind: 'start' });
  try {
    const value = await run((event) => (events++, post({ kind: 'event', event })), task, controller.signal);
    return { kind: 'result', value, events };
  } catch (error) {
    return { kind: 'error', error: serializeError(error), events };
  } finally {
    port.off('message', onMessage);
    port.unref();
  }
}

function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, hint, ticket, exitCode } = error as Error & Partial<Record<'code' | 'hint' | 'ticket', unknown>> & { exitCode?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof hint === 'string' ? { hint } : {}),
    ...(typeof ticket === 'string' ? { ticket } : {}),
    ...(typeof exitCode === 'number' ? { exitCode } : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}
