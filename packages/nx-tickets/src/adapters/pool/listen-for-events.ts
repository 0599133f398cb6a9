import type { MessagePort } from 'node:worker_threads';
import type { PoolPortMessage } from './worker-channel.js';

/** The caller's end of one task's port, as `PiscinaTaskPool` reads it. */
export interface TaskEventListener {
  /** Whether the worker has begun the task (`start` arrived). */
  readonly started: boolean;
  /** The first error `onEvent` threw, if any; events keep flowing after it. */
  readonly listenerError: { error: unknown } | undefined;
  /** Resolves once `count` events have arrived, or the port closed (the worker died). */
  drained(count: number): Promise<void>;
}

/**
 * Listens on `port` for the worker's messages, handing each event to `onEvent` in arrival order
 * (the order the worker emitted them: one port keeps order). Events and the task's result travel on
 * different ports, so the result can overtake events; `drained(count)` waits for the stragglers.
 */
export function listenForEvents<TEvent>(port: MessagePort, onEvent: ((event: TEvent) => void) | undefined): TaskEventListener {
  let started = false;
  let received = 0;
  let listenerError: { error: unknown } | undefined;
  let expected = Number.POSITIVE_INFINITY;
  let drain = () => {};
  const drainedPromise = new Promise<void>((resolve) => (drain = resolve));
  port.on('message', (message: PoolPortMessage<TEvent>) => {
    if (message.kind === 'start') started = true;
    if (message.kind !== 'event') return;
    received++;
    try {
      onEvent?.(message.event);
    } catch (error) {
      listenerError ??= { error };
    }
    if (received >= expected) drain();
  });
  port.once('close', () => drain());
  return {
    get started() {
      return started;
    },
    get listenerError() {
      return listenerError;
    },
    drained(count) {
      expected = count;
      if (received >= count) drain();
      return drainedPromise;
    },
  };
}
