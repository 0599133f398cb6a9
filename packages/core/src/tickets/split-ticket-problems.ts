import type { Problem } from '../errors/nx-tickets-error.js';
import type { Selection } from './selection.js';
import type { Ticket } from './ticket.js';

/** What {@link splitTicketProblems} returns. */
export interface SplitTicketProblems {
  /** Problems of tickets the selection involves: the command cannot go on. */
  blocking: Problem[];
  /** Problems of tickets the selection does not involve: the command goes on and warns. */
  skipped: Problem[];
}

/**
 * Sort the problems a ticket source found (invalid ticket files, duplicate keys, bad links) into
 * those that block the selection and those that only concern other tickets.
 *
 * A selection by keys involves the named tickets and, transitively, the tickets they depend on;
 * a problem blocks when its `ticket` is one of them. A problem that names no ticket, or any
 * problem under a selection by `--epic`, `--sprint` or `--all-ready` (a broken file may belong to
 * it: its epic, sprint or status cannot be read), blocks.
 *
 * @param tickets the valid tickets of the batch (their `dependsOn` links are followed).
 */
export function splitTicketProblems(problems: readonly Problem[], tickets: readonly Ticket[], selection: Selection): SplitTicketProblems {
  const byKeys = selection.epic === undefined && selection.sprint === undefined && selection.allReady !== true;
  if (!byKeys) return { blocking: [...problems], skipped: [] };
  const byKey = new Map(tickets.map((t) => [t.key, t]));
  const involved = new Set<string>();
  const visit = (key: string): void => {
    if (involved.has(key)) return;
    involved.add(key);
    for (const dep of byKey.get(key)?.dependsOn ?? []) visit(dep);
  };
  for (const key of selection.keys) visit(key);
  const blocking: Problem[] = [];
  const skipped: Problem[] = [];
  for (const problem of problems) (problem.ticket === undefined || involved.has(problem.ticket) ? blocking : skipped).push(problem);
  return { blocking, skipped };
}
