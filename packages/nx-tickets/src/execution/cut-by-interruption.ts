import type { StepFailure } from '@nx-tickets/core';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long a step whose command was stopped from outside (`StepFailure.stoppedBy`) waits for the
 * run's own interruption before the ticket fails, ms. Nx ends its task's process tree from the
 * leaves up (the runner, near the root, hears last) and sends SIGKILL 5 s after its first signal.
 */
export const OUTSIDE_STOP_GRACE_MS = 4_000;

/**
 * Whether `signal` aborts within `ms` (true at once when it already has). A ticket whose command
 * died of an interrupting signal is then left running, as the interruption leaves every running
 * ticket, for `resume` to continue — not failed.
 */
export async function interruptedWithin(signal: AbortSignal, ms: number): Promise<boolean> {
  if (!signal.aborted) await sleep(ms, undefined, { signal }).catch(() => undefined);
  return signal.aborted;
}

/**
 * Whether a step's failure is the run's interruption rather than the ticket's: the run was
 * interrupted (we stopped the command), or the command died of an interrupting signal we did not
 * send and the interruption follows within {@link OUTSIDE_STOP_GRACE_MS}. Such a ticket is left as
 * it is — running or merging — for `resume` to continue.
 */
export async function cutByInterruption(failure: Pick<StepFailure, 'stoppedBy'>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return true;
  return failure.stoppedBy !== undefined && (await interruptedWithin(signal, OUTSIDE_STOP_GRACE_MS));
}
