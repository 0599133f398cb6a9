import type { StepFailure } from '@nx-tickets/core';

/** How a step's command ended, as `spawnTracked` reports it. */
export interface CommandEnd {
  /** Exit code, or `null` when it ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Stopped by nx-tickets itself (the run was interrupted). */
  aborted: boolean;
  memoryExceeded: boolean;
}

/** Why a step's command failed: the sentence for the summary, and who stopped it (see {@link stoppedFromOutside}). */
export type CommandFailure = Pick<StepFailure, 'message' | 'stoppedBy'>;

/** The interrupting signals, and the exit code a program (a shell, `nx`, npm) ends with after it got one: 128 + number. */
const INTERRUPT_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** `exited with code 1`, `timed out`, `was killed above its memory limit`, `was stopped`, `was killed by SIGTERM`. */
export function describeEnd(end: CommandEnd): string {
  if (end.timedOut) return 'timed out';
  if (end.memoryExceeded) return 'was killed above its memory limit';
  if (end.aborted) return 'was stopped';
  return end.exitCode === null ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`;
}

/**
 * The interrupting signal (SIGINT, SIGTERM, SIGHUP) that ended a command nx-tickets did not stop
 * itself: the command died of it, or exited with its 128 + n code as shells and Nx do. This is how
 * an interruption looks when it reaches the command before the runner — Nx stopping its task's
 * process tree from the leaves up, a `kill` sent to the command's group. `undefined` for any other end.
 */
export function stoppedFromOutside(end: CommandEnd): StepFailure['stoppedBy'] {
  if (end.aborted || end.timedOut || end.memoryExceeded) return undefined;
  for (const [signal, code] of Object.entries(INTERRUPT_EXIT_CODES) as [keyof typeof INTERRUPT_EXIT_CODES, number][]) {
    if (end.signal === signal || end.exitCode === code) return signal;
  }
  return undefined;
}

/** The failure of command `what` (`implement command`, `nx affected -t test`) that ended as `end`. */
export function commandFailure(what: string, end: CommandEnd): CommandFailure {
  const stoppedBy = stoppedFromOutside(end);
  return { message: `${what} ${describeEnd(end)}`, ...(stoppedBy ? { stoppedBy } : {}) };
}
