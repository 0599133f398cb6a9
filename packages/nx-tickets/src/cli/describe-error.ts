/** An error turned into text for people and the exit code that goes with it. */
export interface DescribedError {
  text: string;
  exitCode: number;
}

interface CodedError {
  code: string;
  message: string;
  hint?: unknown;
  exitCode?: unknown;
  stack?: string;
}

/** Whether `error` is an nx-tickets error, checked by `code` (errors crossing a worker lose their prototype). */
export function isNxTicketsError(error: unknown): error is CodedError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('NX_TICKETS_');
}

/**
 * The single top-level translation of errors for every entry point (CLI, executor).
 *
 * nx-tickets errors print their message and hint and keep their own exit code (2 for bad input);
 * anything else is unexpected: one sentence and exit code 1. The stack only with `verbose`.
 */
export function describeError(error: unknown, verbose: boolean): DescribedError {
  if (isNxTicketsError(error)) {
    const hint = typeof error.hint === 'string' && error.hint !== '' ? `\nhint: ${error.hint}` : '';
    const stack = verbose && error.stack ? `\n${error.stack}` : '';
    const exitCode = typeof error.exitCode === 'number' ? error.exitCode : 2;
    return { text: `error: ${error.message}${hint}${stack}\n`, exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  const detail = verbose && error instanceof Error && error.stack
    ? `\n${error.stack}`
    : '\nhint: run again with --verbose to see the stack trace, and report it if it persists.';
  return { text: `error: nx-tickets failed unexpectedly: ${message}${detail}\n`, exitCode: 1 };
}
