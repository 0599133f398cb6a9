import micromatch from 'micromatch';
import type { RunRelation, RunState, TicketRunState } from './run-state.js';

/**
 * After a ticket commits, compare the files it actually changed with the other tickets' files
 * (actual when known, else planned files and predicted globs). A shared file between two tickets
 * with no relation yet is an unplanned overlap: returned as a conflict relation, ordered with the
 * ticket that is further along (merged, built, running, or earlier in plan order) first. The caller
 * adds them to the state; the scheduler and merge train then treat them like planned ones.
 */
export function detectUnplannedOverlaps(state: RunState, key: string): RunRelation[] {
  const ticket = state.tickets[key] as TicketRunState;
  const actual = ticket.actualFiles ?? [];
  if (actual.length === 0) return [];
  // Partners already kept apart (a file overlap or any conflict) need nothing new; a pair related
  // only by project or dependency was allowed to run in parallel, so a shared file is news.
  const related = new Set(
    state.relations.filter((r) => (r.before === key || r.after === key) && (r.conflict || r.kind === 'file')).map((r) => (r.before === key ? r.after : r.before)),
  );
  const found: RunRelation[] = [];
  for (const otherKey of state.order) {
    if (otherKey === key || related.has(otherKey)) continue;
    const other = state.tickets[otherKey] as TicketRunState;
    const shared = other.actualFiles
      ? actual.filter((f) => (other.actualFiles as string[]).includes(f))
      : actual.filter((f) => other.plannedFiles.some((p) => p === f || micromatch.isMatch(f, p, { dot: true })));
    if (shared.length === 0) continue;
    const [before, after] = progress(state, other) >= progress(state, ticket) ? [otherKey, key] : [key, otherKey];
    found.push({ before, after, kind: 'file', conflict: true, unplanned: true, items: shared.sort() });
  }
  return found;
}

const RANK: Record<TicketRunState['status'], number> = { merged: 5, merging: 4, built: 3, running: 2, pending: 1, failed: 0, blocked: 0, conflict: 0 };

function progress(state: RunState, t: TicketRunState): number {
  return RANK[t.status] * 1e6 - state.order.indexOf(t.key);
}
