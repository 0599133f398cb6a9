/**
 * Base class of every error nx-tickets throws on purpose. Carries a stable `code` (checked by code,
 * not by `instanceof`, because errors crossing a worker thread lose their prototype), the ticket it
 * concerns, and a hint saying what to do next.
 */
export class NxTicketsError extends Error {
  override readonly name: string = 'NxTicketsError';
  /** Stable code, `NX_TICKETS_*`. */
  readonly code: string;
  /** Key of the ticket concerned, when there is one. */
  readonly ticket: string | undefined;
  /** What the user can do next, one sentence. */
  readonly hint: string | undefined;
  /** Process exit code for this error: 2 for bad input or config (nothing changed). */
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    options: { ticket?: string; hint?: string; cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.ticket = options.ticket;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** One problem found while validating input (a ticket file, the config, the selection). */
export interface Problem {
  /** Where: a file path, `nx.json options.x`, a ticket key. */
  where: string;
  /** The field concerned, when there is one. */
  field?: string;
  message: string;
  ticket?: string;
}

/**
 * Thrown once when validation found errors; lists them all.
 * Code `NX_TICKETS_INVALID_INPUT`, exit code 2.
 */
export class ValidationError extends NxTicketsError {
  override readonly name = 'ValidationError';
  readonly problems: Problem[];

  constructor(summary: string, problems: Problem[], hint?: string) {
    super('NX_TICKETS_INVALID_INPUT', `${summary}\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`, {
      ...(hint === undefined ? {} : { hint }),
      ...(problems.length === 1 && problems[0]?.ticket ? { ticket: problems[0].ticket } : {}),
    });
    this.problems = problems;
  }
}

/** `tickets/A-1.md: field dependsOn: unknown ticket A-9` */
export function formatProblem(problem: Problem): string {
  return `${problem.where}${problem.field ? `: field ${problem.field}` : ''}: ${problem.message}`;
}

/** Result of a validation: the value when there were no errors, plus everything found. */
export interface Validated<T> {
  value: T | undefined;
  errors: Problem[];
  warnings: Problem[];
}
