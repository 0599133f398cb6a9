import type { InvalidTicket, Problem, Ticket } from '@nx-tickets/core';

/** Tickets kept after {@link checkTicketLinks}, plus what it found. */
export interface CheckedTickets {
  /** One ticket per key (the first file in path order wins a duplicate). */
  tickets: Ticket[];
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Checks that need every ticket at once: duplicate keys (both files named), `dependsOn` targets that
 * do not exist or point at the ticket itself (errors), and `epic` keys without a ticket (warning).
 * The readable links of invalid files are checked too, so a file's problems are all found in one pass.
 *
 * @param tickets parsed tickets, sorted by `origin`.
 * @param invalid files that failed validation: links to them are not reported again.
 */
export function checkTicketLinks(tickets: readonly Ticket[], invalid: readonly InvalidTicket[] = []): CheckedTickets {
  const invalidKeys = new Set(invalid.map((ticket) => ticket.key));
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const byKey = new Map<string, Ticket>();
  for (const ticket of tickets) {
    const first = byKey.get(ticket.key);
    if (first) {
      errors.push({ where: ticket.origin ?? ticket.key, field: 'key', ticket: ticket.key, message: `duplicate key ${ticket.key}, also used by ${first.origin ?? 'another ticket'}; give each ticket its own key` });
    } else {
      byKey.set(ticket.key, ticket);
    }
  }
  const place = (ticket: { key: string; origin?: string | undefined }): string => ticket.origin ?? ticket.key;
  const linked = [...byKey.values(), ...invalid].sort((a, b) => (place(a) < place(b) ? -1 : place(a) > place(b) ? 1 : 0));
  for (const ticket of linked) {
    const where = place(ticket);
    for (const dep of ticket.dependsOn) {
      if (dep === ticket.key) errors.push({ where, field: 'dependsOn', ticket: ticket.key, message: `${ticket.key} depends on itself` });
      else if (!byKey.has(dep) && !invalidKeys.has(dep)) errors.push({ where, field: 'dependsOn', ticket: ticket.key, message: `unknown ticket ${dep}` });
    }
  }
  for (const ticket of byKey.values()) {
    const where = ticket.origin ?? ticket.key;
    if (ticket.epic !== undefined && !byKey.has(ticket.epic)) {
      warnings.push({ where, field: 'epic', ticket: ticket.key, message: `no ticket file for epic ${ticket.epic}` });
    }
  }
  return { tickets: [...byKey.values()], errors, warnings };
}
