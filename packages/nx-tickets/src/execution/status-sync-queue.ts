import type { RunState, StatusSync, StatusUpdate } from '@nx-tickets/core';
import type { RunEvent } from './run-store.js';

/**
 * The status update a run event asks for, if any: `ticket:start` → started, `ticket:pr` →
 * pull-request, `ticket:merged` → merged, `ticket:failed` / `ticket:blocked` / `ticket:conflict`
 * → failed (with that status).
 */
export function toStatusUpdate(event: RunEvent, state: RunState): StatusUpdate | undefined {
  const key = event.ticket;
  if (key === undefined) return undefined;
  const text = (field: string): string | undefined => (typeof event[field] === 'string' ? (event[field] as string) : undefined);
  switch (event.type) {
    case 'ticket:start':
      return { type: 'started', key, branch: text('branch') ?? state.tickets[key]?.branch ?? '' };
    case 'ticket:pr': {
      const url = text('url');
      return url && typeof event['number'] === 'number' ? { type: 'pull-request', key, url, number: event['number'] } : undefined;
    }
    case 'ticket:merged': {
      const pullRequestUrl = text('pullRequestUrl');
      return { type: 'merged', key, sha: text('sha') ?? '', base: state.base, ...(pullRequestUrl ? { pullRequestUrl } : {}) };
    }
    case 'ticket:failed':
      return { type: 'failed', key, status: 'failed', step: text('step') ?? 'unknown', reason: text('reason') ?? 'failed' };
    case 'ticket:blocked':
      return { type: 'failed', key, status: 'blocked', step: 'prepare', reason: text('reason') ?? 'blocked by a ticket it depends on' };
    case 'ticket:conflict': {
      const files = Array.isArray(event['files']) ? (event['files'] as string[]) : [];
      return { type: 'failed', key, status: 'conflict', step: 'merge', reason: `set aside: rebasing onto ${state.base} conflicts${files.length > 0 ? ` in ${files.join(', ')}` : ''}` };
    }
    default:
      return undefined;
  }
}

/**
 * Applies status updates one at a time, in the order the run made them, without ever holding the
 * run up. Updates not yet applied live in `state.syncPending` (saved with the state), so a resumed
 * run applies what a killed one did not (adapters apply idempotently, so a repeat is harmless). A
 * write that fails after the adapter's own retries becomes a warning (`state.warnings`, and
 * `onWarning` for the event log), never a failed ticket.
 */
export class StatusSyncQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly sync: StatusSync,
    private readonly state: RunState,
    private readonly onWarning: (update: StatusUpdate, message: string) => void,
    private readonly signal?: AbortSignal,
  ) {
    for (const update of state.syncPending ?? []) this.schedule(update);
  }

  /** Queue one update (also recorded in `state.syncPending` until applied). */
  push(update: StatusUpdate): void {
    (this.state.syncPending ??= []).push(update);
    this.schedule(update);
  }

  /** Resolves when every queued update was applied or turned into a warning. */
  drain(): Promise<void> {
    return this.tail;
  }

  private schedule(update: StatusUpdate): void {
    this.tail = this.tail.then(async () => {
      if (this.signal?.aborted) return; // left in syncPending for the resumed run
      try {
        await this.sync.apply(update, this.signal ? { signal: this.signal } : {});
      } catch (error) {
        if (this.signal?.aborted) return;
        const message = `could not update ${update.key} (${update.type}): ${(error as Error).message ?? String(error)}`;
        (this.state.warnings ??= []).push(message);
        this.onWarning(update, message);
      }
      const pending = this.state.syncPending ?? [];
      const index = pending.indexOf(update);
      if (index >= 0) pending.splice(index, 1);
    });
  }
}
