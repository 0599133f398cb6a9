import type { Problem } from '../errors/nx-tickets-error.js';
import type { SprintWindow } from '../planning/planning-options.js';
import { findCycles } from './find-cycles.js';
import type { Selection } from './selection.js';
import type { Ticket } from './ticket.js';

/** The epic or sprint a selection was made from, with all its tickets (done ones too). */
export interface SelectionScope {
  kind: 'epic' | 'sprint';
  name: string;
  tickets: Ticket[];
  sprint?: SprintWindow;
}

/** What {@link selectTickets} found. `errors` non-empty means nothing may run (exit 2). */
export interface SelectionResult {
  /** Open tickets to plan, in the order found (explicit keys first, then added dependencies). */
  selected: Ticket[];
  scope?: SelectionScope;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Apply the selection rules shared by every ticket source.
 *
 * - keys: each must exist and not be done or an epic;
 * - `epic`: the open, non-epic tickets whose `epic` is the key (scope keeps the done ones);
 * - `sprint`: `current` is the configured sprint whose dates contain `today`, else a sprint name
 *   (case-insensitive) or a known sprint's tracker `id` — tickets whose `sprint` field matches its name;
 * - `allReady`: every ticket with status `ready`;
 * - `withDependencies`: adds the open tickets the selection depends on, transitively.
 * Dependency cycles among the selected tickets and their dependencies are errors naming the cycle.
 *
 * @param all every ticket the source returned.
 * @param options `today` as `YYYY-MM-DD`; `sprints` known to the source or config.
 */
export function selectTickets(
  all: readonly Ticket[],
  selection: Selection,
  options: { today: string; sprints: readonly SprintWindow[] },
): SelectionResult {
  const byKey = new Map(all.map((t) => [t.key, t]));
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const { candidates, scope } = pickCandidates(all, byKey, selection, options, errors);
  const selected = new Map<string, Ticket>();
  for (const ticket of candidates) selected.set(ticket.key, ticket);

  const queue = [...selected.values()];
  for (let head = 0; head < queue.length; head += 1) {
    const ticket = queue[head] as Ticket;
    for (const dep of ticket.dependsOn) {
      const target = byKey.get(dep);
      if (!target) {
        warnings.push({ where: ticket.key, field: 'dependsOn', ticket: ticket.key, message: `depends on ${dep}, which was not found; the link is ignored` });
      } else if (target.status !== 'done' && !selected.has(dep)) {
        if (selection.withDependencies) {
          selected.set(dep, target);
          queue.push(target);
        } else {
          warnings.push({ where: ticket.key, field: 'dependsOn', ticket: ticket.key, message: `depends on ${dep}, which is not selected and not done; select it too or pass --with-dependencies` });
        }
      }
    }
  }
  for (const ticket of selected.values()) {
    if (ticket.status === 'blocked') warnings.push({ where: ticket.key, ticket: ticket.key, message: 'has status blocked in its source' });
  }
  // Cycles are searched through every ticket the selection reaches, selected or not.
  const reachable = new Set(selected.keys());
  for (const key of reachable) for (const dep of byKey.get(key)?.dependsOn ?? []) if (byKey.has(dep)) reachable.add(dep);
  for (const cycle of findCycles(reachable, (key) => byKey.get(key)?.dependsOn ?? [])) {
    errors.push({ where: cycle[0] as string, ticket: cycle[0] as string, field: 'dependsOn', message: `dependency cycle: ${cycle.join(' → ')}` });
  }
  return { selected: [...selected.values()], ...(scope ? { scope } : {}), errors, warnings };
}

function pickCandidates(
  all: readonly Ticket[],
  byKey: Map<string, Ticket>,
  selection: Selection,
  options: { today: string; sprints: readonly SprintWindow[] },
  errors: Problem[],
): { candidates: Ticket[]; scope?: SelectionScope } {
  const modes = [selection.keys.length > 0, !!selection.epic, !!selection.sprint, !!selection.allReady].filter(Boolean).length;
  if (modes === 0) {
    errors.push({ where: 'selection', message: 'no tickets selected; name ticket keys or pass --epic, --sprint or --all-ready' });
    return { candidates: [] };
  }
  if (modes > 1) {
    errors.push({ where: 'selection', message: 'use one of: ticket keys, --epic, --sprint, --all-ready' });
    return { candidates: [] };
  }
  const open = (t: Ticket) => t.status !== 'done' && t.type !== 'epic';
  if (selection.epic) {
    const epic = selection.epic;
    const members = all.filter((t) => t.epic === epic && t.type !== 'epic');
    if (members.length === 0 && !byKey.has(epic)) {
      errors.push({ where: epic, ticket: epic, message: `unknown epic ${epic}: no ticket has that key and none names it as its epic` });
    }
    return { candidates: members.filter(open), scope: { kind: 'epic', name: epic, tickets: members } };
  }
  if (selection.sprint) {
    const sprint = findSprint(selection.sprint, options, errors);
    if (!sprint) return { candidates: [] };
    const name = sprint.name.trim().toLowerCase();
    const members = all.filter((t) => t.sprint?.trim().toLowerCase() === name && t.type !== 'epic');
    if (members.length === 0) errors.push({ where: 'selection', message: `sprint "${sprint.name}" has no tickets` });
    return { candidates: members.filter(open), scope: { kind: 'sprint', name: sprint.name, tickets: members, sprint } };
  }
  if (selection.allReady) return { candidates: all.filter((t) => t.status === 'ready' && t.type !== 'epic') };
  const candidates: Ticket[] = [];
  for (const key of new Set(selection.keys)) {
    const ticket = byKey.get(key);
    if (!ticket) errors.push({ where: key, ticket: key, message: `unknown ticket ${key}` });
    else if (ticket.status === 'done') errors.push({ where: key, ticket: key, message: `${key} is done; done tickets are not planned` });
    else if (ticket.type === 'epic') errors.push({ where: key, ticket: key, message: `${key} is an epic; plan its tickets with --epic ${key}` });
    else candidates.push(ticket);
  }
  return { candidates };
}

/** `current` → the sprint whose dates contain today; otherwise a sprint by name, then by tracker id (known or not). */
function findSprint(
  wanted: string,
  options: { today: string; sprints: readonly SprintWindow[] },
  errors: Problem[],
): SprintWindow | undefined {
  if (wanted.toLowerCase() === 'current') {
    const current = options.sprints.find((s) => (!s.start || s.start <= options.today) && (!s.end || options.today <= s.end));
    if (!current) {
      errors.push({ where: 'selection', message: `no current sprint: none of the ${options.sprints.length} configured sprints includes ${options.today}; add it to "sprints" in the config or pass --sprint NAME` });
    }
    return current;
  }
  const name = wanted.trim().toLowerCase();
  return options.sprints.find((s) => s.name.trim().toLowerCase() === name) ?? options.sprints.find((s) => s.id === wanted.trim()) ?? { name: wanted };
}
