import type { RunState } from '@nx-tickets/core';
import type { RunEvent } from '../execution/run-store.js';

/** Listens to a run. Every reporter is driven by the same event stream. */
export interface Reporter {
  /** Called for every event, with the state after it. */
  onEvent(event: RunEvent, state: RunState): void;
  /** Called once at the end (stop redrawing, flush). */
  close(): void;
}

/** `2 running, 1 built, 3 merged, 1 failed` — the counts that are not zero. */
export function countStatuses(state: RunState): string {
  const counts = new Map<string, number>();
  for (const t of Object.values(state.tickets)) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  return ['running', 'merging', 'built', 'pending', 'merged', 'failed', 'blocked', 'conflict']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
}
