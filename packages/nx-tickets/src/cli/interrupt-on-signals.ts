/**
 * The signals that interrupt a run as Ctrl-C does: SIGINT (Ctrl-C), SIGTERM (`kill`, a service
 * manager, Nx stopping a task) and SIGHUP (the terminal was closed).
 */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What {@link interruptOnSignals} returns. */
export interface SignalInterrupt {
  /** Aborted on the first interrupting signal; its `reason` is the signal's name. */
  signal: AbortSignal;
  /** Stop listening (the process's default handling of the signals comes back). */
  dispose(): void;
}

/**
 * Turn the interrupting signals into an abort: the run stops starting work, kills its children's
 * process groups and saves its state as `interrupted` (exit 130). The handlers stay installed until
 * `dispose`, so a signal that follows (Nx sends SIGTERM after SIGINT) cannot end the process before
 * the state is saved. After SIGHUP the terminal is gone: writing to it fails (EIO), so write errors
 * on stdout and stderr are ignored from then on instead of crashing the process.
 *
 * @param onRepeat called when SIGINT comes again after the run was interrupted (the CLI leaves at once).
 */
export function interruptOnSignals(onRepeat?: (signal: NodeJS.Signals) => void): SignalInterrupt {
  const controller = new AbortController();
  const ignore = (): void => undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (signal === 'SIGHUP') {
      process.stdout.on('error', ignore);
      process.stderr.on('error', ignore);
    }
    if (!controller.signal.aborted) controller.abort(signal);
    else if (signal === 'SIGINT') onRepeat?.(signal);
  };
  for (const name of INTERRUPT_SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of INTERRUPT_SIGNALS) process.off(name, handler);
    },
  };
}
