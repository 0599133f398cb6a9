import { priorityRank, type Ticket } from '../tickets/ticket.js';
import { Heap } from 'heap-js';

const keyCollator = new Intl.Collator('en', { numeric: true });

/** Natural key order: `PROJ-2` before `PROJ-10`. */
export function compareKeys(a: string, b: string): number {
  return keyCollator.compare(a, b);
}

/**
 * The plan order: dependencies first, then by priority (highest first), then key — a topological
 * sort of the `dependsOn` graph (Kahn's algorithm with a heap): O((n + links) log n), with
 * tickets ranked once by {@link compareByPriority}.
 * Links to tickets outside the list are ignored.
 *
 * @throws Error when the links contain a cycle (selection reports cycles before planning).
 */
export function orderTickets(tickets: readonly Ticket[]): Ticket[] {
  const byKey = new Map(tickets.map((t) => [t.key, t]));
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const ticket of tickets) {
    const deps = [...new Set(ticket.dependsOn)].filter((d) => byKey.has(d) && d !== ticket.key);
    pending.set(ticket.key, deps.length);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(ticket.key);
      else dependents.set(dep, [ticket.key]);
    }
  }
  // Rank once (the list usually comes in key order, so the sort is nearly linear) and let the
  // heap compare small integers instead of calling the collator O(n log n) times. Tickets that
  // compare equal share a rank, so the heap sees the same comparisons as with compareByPriority.
  const rank = new Map<Ticket, number>();
  const byPriority = [...tickets].sort(compareByPriority);
  byPriority.forEach((ticket, i) => {
    const previous = byPriority[i - 1];
    rank.set(ticket, previous !== undefined && compareByPriority(previous, ticket) === 0 ? (rank.get(previous) as number) : i);
  });
  const heap = new Heap<Ticket>((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
  for (const ticket of tickets) if (pending.get(ticket.key) === 0) heap.push(ticket);
  const order: Ticket[] = [];
  for (let next = heap.pop(); next !== undefined; next = heap.pop()) {
    order.push(next);
    for (const dependent of dependents.get(next.key) ?? []) {
      const left = (pending.get(dependent) as number) - 1;
      pending.set(dependent, left);
      if (left === 0) heap.push(byKey.get(dependent) as Ticket);
    }
  }
  if (order.length !== tickets.length) throw new Error('dependency cycle among the selected tickets');
  return order;
}

/** Highest priority first, then natural key order. */
export function compareByPriority(a: Ticket, b: Ticket): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || compareKeys(a.key, b.key);
}
