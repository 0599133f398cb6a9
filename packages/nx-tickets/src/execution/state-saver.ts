import type { RunState } from '@nx-tickets/core';
import type { RunEvent, RunStore } from './run-store.js';

/** Persist the run state after a transition, with the event that describes it (if any). */
export type SaveState = (event?: Omit<RunEvent, 'at'>) => Promise<void>;

/**
 * A {@link SaveState} that writes with group commit: saves asked for while a write is under way
 * are gathered and written together by the next one — `state.json` once (the state as it is then,
 * which holds every one of their transitions) and their events with one append, in the order the
 * saves were asked for. Each returned promise settles when the write holding its save is done (it
 * rejects when that write fails), so a caller that awaits its save knows its transition is on disk.
 *
 * Why: the run's threads and the merge train save after every step, and each `state.json` write
 * is fsynced. Written one by one, 20 tickets make about 200 writes in a row, and the merge train
 * waited behind the queue before each of its steps. Gathered, there are never more than two
 * writes between a save and its completion.
 *
 * @param store where the run's files go.
 * @param state the run state object, serialised at the start of each write.
 * @param options `onEvent` receives each event once it is written; `now` gives ms since the epoch,
 *   stamped on each event when its save is asked for.
 */
export function createStateSaver(store: RunStore, state: RunState, options: { onEvent: (event: RunEvent) => void; now: () => number }): SaveState {
  let writing: Promise<void> = Promise.resolve();
  let next: { events: RunEvent[]; written: Promise<void> } | undefined;
  return (event) => {
    if (!next) {
      const batch: { events: RunEvent[]; written: Promise<void> } = { events: [], written: Promise.resolve() };
      batch.written = writing.catch(() => undefined).then(async () => {
        next = undefined; // saves asked for from now on wait for the next write
        state.updatedAt = options.now();
        await store.writeState(state);
        for (const written of batch.events) options.onEvent(written);
        if (batch.events.length > 0) await store.appendEvents(batch.events);
      });
      writing = batch.written;
      next = batch;
    }
    if (event) next.events.push({ ...event, at: options.now() } as RunEvent);
    return next.written;
  };
}
