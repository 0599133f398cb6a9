import { STEPS, activeMs, formatDuration, type RunState, type TicketRunState } from '@nx-tickets/core';
import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import type { RunEvent } from '../execution/run-store.js';
import { describeEvent } from './describe-event.js';
import { countStatuses, type Reporter } from './reporter.js';
import { withTerminalSize } from './with-terminal-size.js';

const BAR = 14;

/**
 * The live dashboard for a terminal, redrawn in place (`log-update`) on every event and every
 * second: a system line (CPU, memory, running/limit), one line per ticket — progress bar over the
 * pipeline steps, current step, elapsed / ETA from the estimate, branch, verification — and the
 * last few events. A terminal that reports no size gets 80 columns (see `withTerminalSize`).
 */
export class DashboardReporter implements Reporter {
  private readonly update: ReturnType<typeof createLogUpdate>;
  private readonly timer: NodeJS.Timeout;
  private state: RunState | undefined;
  private readonly recent: string[] = [];

  constructor(
    stream: NodeJS.WriteStream,
    private readonly systemLine: () => string,
    private readonly color: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.update = createLogUpdate(withTerminalSize(stream), { showCursor: false });
    this.timer = setInterval(() => this.draw(), 1_000);
    this.timer.unref();
  }

  onEvent(event: RunEvent, state: RunState): void {
    this.state = state;
    const line = describeEvent(event);
    if (line !== undefined && event.ticket) this.recent.push(line);
    if (this.recent.length > 4) this.recent.shift();
    this.draw();
  }

  close(): void {
    clearInterval(this.timer);
    this.draw();
    this.update.done();
  }

  private draw(): void {
    const state = this.state;
    if (!state) return;
    const c = pc.createColors(this.color);
    const merged = Object.values(state.tickets).filter((t) => t.status === 'merged').length;
    const running = Object.values(state.tickets).filter((t) => t.status === 'running').length;
    const header = `${c.bold('nx-tickets')} run ${state.runId} · ${merged}/${state.order.length} merged · ${running}/${state.limits.maxThreads} threads · ${this.systemLine()}`;
    const keyWidth = Math.max(...state.order.map((k) => k.length));
    const rows = state.order.map((key) => this.row(state.tickets[key] as TicketRunState, keyWidth, c));
    this.update([header, ...rows, c.dim(countStatuses(state)), ...this.recent.map((l) => c.dim(`  ${l}`))].join('\n'));
  }

  private row(t: TicketRunState, keyWidth: number, c: ReturnType<typeof pc.createColors>): string {
    const done = t.status === 'merged' ? STEPS.length : t.completed.length;
    const filled = Math.round((done / STEPS.length) * BAR);
    const paint = t.status === 'failed' || t.status === 'conflict' ? c.red : t.status === 'merged' ? c.green : t.status === 'blocked' ? c.yellow : c.cyan;
    const bar = paint('█'.repeat(filled)) + c.dim('░'.repeat(BAR - filled));
    const label = t.step ?? t.status;
    // Work time, as in the summary: from start until built (merge waits are not the ticket's), less pauses.
    const elapsed = t.startedAt === undefined ? undefined : activeMs(t.startedAt, t.builtAt ?? t.finishedAt ?? this.now(), this.state?.pauses);
    const shown = elapsed === undefined ? '' : formatDuration(elapsed);
    const eta = t.status === 'running' && elapsed !== undefined ? ` / ~${formatDuration(Math.max(0, t.estimateMinutes * 60_000 - elapsed))} left` : '';
    const verified = t.verification ? (t.verification.skipped ? ' · not verified' : ` · ${t.verification.projects.length} project${t.verification.projects.length === 1 ? '' : 's'} verified`) : '';
    return `${t.key.padEnd(keyWidth)} ${bar} ${label.padEnd(10)} ${shown.padStart(7)}${eta}  ${c.dim(t.branch)}${verified}`;
  }
}
