import { buildHistoryEntry, type RunState } from '@nx-tickets/core';
import type { RunStore } from '../execution/run-store.js';
import { appendHistory } from './history-file.js';

/**
 * Append a finished run to `.nx/tickets/history.jsonl` (with its plan and tickets from the run's
 * folder), for `nx-tickets metrics` and learned estimates. An interrupted run is not recorded until
 * it finishes. A merge job (`nx-tickets merge`) is not recorded: its tickets were built by the
 * shards, so it has no durations to learn from.
 *
 * @param now clock reading, ms since the epoch.
 */
export async function appendRunHistory(store: RunStore, state: RunState, now: number): Promise<void> {
  if (state.status !== 'finished' || state.ci?.kind === 'merge') return;
  const [plan, tickets] = await Promise.all([store.readPlan(), store.readTickets()]);
  await appendHistory(store.root, buildHistoryEntry({ state, ...(plan ? { plan } : {}), tickets, now }));
}
