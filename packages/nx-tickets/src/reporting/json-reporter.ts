import type { RunState } from '@nx-tickets/core';
import type { RunEvent } from '../execution/run-store.js';
import type { Reporter } from './reporter.js';

/** `--json`: every event as one JSON object per line on stdout (the same lines as `events.jsonl`). */
export class JsonReporter implements Reporter {
  constructor(private readonly write: (text: string) => void) {}

  onEvent(event: RunEvent, _state: RunState): void {
    this.write(`${JSON.stringify(event)}\n`);
  }

  close(): void {}
}
