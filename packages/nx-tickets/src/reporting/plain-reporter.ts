import type { RunState } from '@nx-tickets/core';
import type { RunEvent } from '../execution/run-store.js';
import { describeEvent } from './describe-event.js';
import { countStatuses, type Reporter } from './reporter.js';

/**
 * Plain lines for logs and CI: one per state change, time-stamped, and a status line every
 * `intervalMs` (config `progress_updates`) while the run goes on.
 */
export class PlainReporter implements Reporter {
  private timer: NodeJS.Timeout | undefined;
  private state: RunState | undefined;
  private readonly started: number;

  constructor(private readonly write: (text: string) => void, private readonly intervalMs: number, private readonly now: () => number = Date.now) {
    this.started = now();
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.status(), intervalMs);
      this.timer.unref();
    }
  }

  onEvent(event: RunEvent, state: RunState): void {
    this.state = state;
    const line = describeEvent(event);
    if (line !== undefined) this.write(`${new Date(event.at).toISOString().slice(11, 19)} ${line}\n`);
  }

  private status(): void {
    if (!this.state) return;
    const line = describeEvent({ type: 'run:status', at: this.now(), elapsedMs: this.now() - this.started, text: countStatuses(this.state) });
    if (line) this.write(`${new Date(this.now()).toISOString().slice(11, 19)} ${line}\n`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
