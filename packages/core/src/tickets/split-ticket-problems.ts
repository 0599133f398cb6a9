import type { Problem } from '../errors/nx-tickets-error.js';
import type { InvalidTicket } from '../ports/ticket-source.js';
import type { Selection } from './selection.js';
import type { Ticket } from './ticket.js';

/** What {@link splitTicketProblems} returns. */
export interface SplitTicketProblems {
  /** Problems of tickets the selection involves: the command cannot go on. */
  blocking: Problem[];
  /** Problems of tickets the selection does not involve: the command goes on and warns. */
  skipped: Problem[];
}

/** What an `--epic`, `--sprint` or `--all-ready` selection took from the valid tickets (see {@link splitTicketProblems}). */
export interface SelectionOutcome {
  /** Keys of the tickets the selection took (`selectTickets` over the valid tickets). */
  selected: readonly string[];
  /** The sprint's name as resolved (`current` → its name); the selection's own name otherwise. */
  sprintName?: string;
  /** What could be read from the invalid tickets (`TicketBatch.invalid`). */
  invalid?: readonly InvalidTicket[];
}

/**
 * Sort the problems a ticket source found (invalid ticket files, duplicate keys, bad links) into
 * those that block the selection and those that only concern other tickets.
 *
 * A selection involves the tickets it takes (the named keys, or what `outcome.selected` lists for
 * `--epic`, `--sprint` and `--all-ready`) and, transitively, the tickets they depend on; a problem
 * of one of them blocks. Under `--epic`, `--sprint` and `--all-ready` a problem of another ticket is
 * skipped only when that ticket is known to be outside the selection: a valid ticket, about its own
 * file, or an invalid one whose readable epic, sprint or status (`InvalidTicket.membership`) puts it
 * outside. A problem that names no ticket blocks, and so does every problem of such a selection
 * made without `outcome` (its members cannot be told).
 *
 * @param tickets the valid tickets of the batch (their `dependsOn` links are followed).
 */
export function splitTicketProblems(problems: readonly Problem[], tickets: readonly Ticket[], selection: Selection, outcome?: SelectionOutcome): SplitTicketProblems {
  const byKeys = selection.epic === undefined && selection.sprint === undefined && selection.allReady !== true;
  if (!byKeys && !outcome) return { blocking: [...problems], skipped: [] };
  const byKey = new Map(tickets.map((t) => [t.key, t]));
  const invalid = new Map((outcome?.invalid ?? []).map((t) => [t.key, t]));
  const involved = new Set<string>();
  const visit = (key: string): void => {
    if (involved.has(key)) return;
    involved.add(key);
    for (const dep of byKey.get(key)?.dependsOn ?? invalid.get(key)?.dependsOn ?? []) visit(dep);
  };
  for (const key of byKeys ? selection.keys : (outcome?.selected ?? [])) visit(key);
  // Under --epic, --sprint and --all-ready an invalid ticket that may belong is involved too.
  if (!byKeys) for (const t of invalid.values()) if (mayBelong(t, selection, outcome?.sprintName)) visit(t.key);
  const outside = (problem: Problem): boolean => {
    if (problem.ticket === undefined || involved.has(problem.ticket)) return false;
    if (byKeys) return true;
    // Known to be outside: a valid ticket's own file, or an invalid file whose membership was read.
    const valid = byKey.get(problem.ticket);
    if (valid) return valid.origin === undefined || valid.origin === problem.where;
    const broken = invalid.get(problem.ticket);
    return broken !== undefined && (broken.origin === undefined || broken.origin === problem.where);
  };
  const blocking: Problem[] = [];
  const skipped: Problem[] = [];
  for (const problem of problems) (outside(problem) ? skipped : blocking).push(problem);
  return { blocking, skipped };
}

/** Whether an invalid ticket may belong to an `--epic`, `--sprint` or `--all-ready` selection, as far as its fields can be read. */
function mayBelong(t: InvalidTicket, selection: Selection, sprintName: string | undefined): boolean {
  const read = t.membership;
  if (selection.epic !== undefined) return read?.epic === undefined || read.epic === selection.epic;
  if (selection.sprint !== undefined) {
    const name = (sprintName ?? selection.sprint).trim().toLowerCase();
    return read?.sprint === undefined || read.sprint?.trim().toLowerCase() === name;
  }
  return read?.status === undefined || read.status === 'ready';
}
