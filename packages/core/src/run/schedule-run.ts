import { FINAL_STATUSES, type RunRelation, type RunState, type TicketRunState } from './run-state.js';

/** Where a ticket's branch starts: the base branch head, or the head of the one ticket it is stacked on. */
export type StartPoint = { kind: 'base'; sha: string } | { kind: 'ticket'; key: string; sha: string };

/** A decision to start a ticket now. */
export interface StartDecision {
  key: string;
  startPoint: StartPoint;
}

const HAS_WORK = new Set(['built', 'merging', 'merged']);
const isFinal = (t: TicketRunState | undefined) => t !== undefined && FINAL_STATUSES.includes(t.status);

/**
 * Which pending tickets may start now. A ticket starts when:
 * - every `dependsOn` ticket has its work on a branch (built or merged) and at most one of them is
 *   unmerged — it starts from that one's head, else from the base (never from just one of several);
 * - every conflicting ticket before it is merged or out of the run (failed, blocked, set aside);
 * - an exclusive ticket (unknown footprint) runs alone, after everything before it is final;
 * - a thread and its named resources are free, and `admit` (system load) allows it.
 * Among ready tickets the one with the longest remaining critical path goes first, then plan order.
 * A ticket backing off after an infrastructure failure waits until `notBefore` (`now` is the
 * injected clock, ms; omitted = no back-off is pending).
 * Pure: reads `state`, returns decisions; the caller applies them.
 */
export function decideStarts(state: RunState, admit: boolean, now = Number.POSITIVE_INFINITY): StartDecision[] {
  if (!admit) return [];
  const running = Object.values(state.tickets).filter((t) => t.status === 'running');
  if (running.some((t) => t.exclusive)) return [];
  let free = state.limits.maxThreads - running.length;
  const inUse: Record<string, number> = {};
  for (const t of running) for (const [name, n] of Object.entries(t.resources)) inUse[name] = (inUse[name] ?? 0) + n;
  const conflictsBefore = indexBy(state.relations.filter((r) => r.conflict && r.kind !== 'link'), (r) => r.after);
  const priority = remainingPath(state);
  const position = new Map(state.order.map((key, index) => [key, index]));
  const ready = state.order
    .map((key) => state.tickets[key] as TicketRunState)
    .filter((t) => t.status === 'pending' && (t.notBefore === undefined || t.notBefore <= now))
    .map((t) => ({ t, start: readyStart(state, t, conflictsBefore) }))
    .filter((c): c is { t: TicketRunState; start: StartPoint } => c.start !== undefined)
    .sort((a, b) => (priority.get(b.t.key) as number) - (priority.get(a.t.key) as number) || (position.get(a.t.key) as number) - (position.get(b.t.key) as number));
  const decisions: StartDecision[] = [];
  for (const { t, start } of ready) {
    if (free <= 0) break;
    if (t.exclusive) {
      const position = state.order.indexOf(t.key);
      const earlierOpen = state.order.slice(0, position).some((k) => !isFinal(state.tickets[k]));
      if (running.length > 0 || decisions.length > 0 || earlierOpen) continue;
      return [{ key: t.key, startPoint: start }];
    }
    const capacity = state.limits.resources;
    const fits = Object.entries(t.resources).every(([name, n]) => capacity[name] === undefined || (inUse[name] ?? 0) + n <= Math.max(capacity[name] as number, n));
    if (!fits) continue;
    for (const [name, n] of Object.entries(t.resources)) inUse[name] = (inUse[name] ?? 0) + n;
    decisions.push({ key: t.key, startPoint: start });
    free -= 1;
  }
  return decisions;
}

/**
 * The ticket whose worktree can be prepared ahead while every thread is busy: the one
 * {@link decideStarts} would start next if one more thread were free. Only a ticket that would
 * start from the base branch (a stacked ticket's start point is the head of a ticket still being
 * worked on, so it is decided when it starts), never an exclusive one, never while an exclusive
 * ticket runs, and never one in `skip` (already prepared or being prepared).
 * Pure: reads `state`; `now` as for {@link decideStarts}.
 */
export function decidePrefetch(state: RunState, skip: ReadonlySet<string> = new Set(), now = Number.POSITIVE_INFINITY): StartDecision | undefined {
  const running = Object.values(state.tickets).filter((t) => t.status === 'running').length;
  if (running < state.limits.maxThreads) return undefined; // a free thread: the ticket starts instead
  // Prepared tickets start first when threads free up: count them as taking the next threads.
  const next = decideStarts({ ...state, limits: { ...state.limits, maxThreads: running + skip.size + 1 } }, true, now).find((d) => !skip.has(d.key));
  if (next === undefined || next.startPoint.kind !== 'base' || state.tickets[next.key]?.exclusive) return undefined;
  return next;
}

function readyStart(state: RunState, t: TicketRunState, conflictsBefore: Map<string, RunRelation[]>): StartPoint | undefined {
  const deps = (state.dependsOn[t.key] ?? []).map((k) => state.tickets[k] as TicketRunState);
  if (deps.some((d) => !HAS_WORK.has(d.status))) return undefined;
  for (const r of conflictsBefore.get(t.key) ?? []) {
    const before = state.tickets[r.before];
    if (before && !isFinal(before)) return undefined;
  }
  const unmerged = deps.filter((d) => d.status !== 'merged');
  if (unmerged.length > 1) return undefined;
  const stack = unmerged[0];
  if (stack?.head) return { kind: 'ticket', key: stack.key, sha: stack.head };
  if (stack) return undefined;
  return { kind: 'base', sha: state.baseHead };
}

/**
 * Tickets that can never finish because a `dependsOn` ticket failed, is blocked or was set aside:
 * pending ones (they would start from its work) and built ones (their branch holds its commits).
 * Returns the keys to mark `blocked`, transitively.
 */
export function findBlocked(state: RunState): string[] {
  const blocked = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const key of state.order) {
      const t = state.tickets[key] as TicketRunState;
      // A built ticket stacked on a dependency holds its commits too: it must not merge without it.
      if ((t.status !== 'pending' && t.status !== 'built') || blocked.has(key)) continue;
      const stuck = (state.dependsOn[key] ?? []).some((d) => {
        const dep = state.tickets[d] as TicketRunState;
        return blocked.has(d) || dep.status === 'failed' || dep.status === 'blocked' || dep.status === 'conflict';
      });
      if (stuck) {
        blocked.add(key);
        changed = true;
      }
    }
  }
  return [...blocked];
}

/**
 * The next built ticket the merge train may take: its `dependsOn` tickets are merged, and every
 * ticket a conflict relation (planned or found during the run) orders before it is merged or out
 * of the run. Tickets related only by a shared project or a project dependency do not wait for
 * each other: whichever is built first merges first, and the other is verified again after its
 * rebase (see {@link needsReverify}). Plan order among the candidates. `undefined` when none may
 * merge now.
 */
export function decideNextMerge(state: RunState): string | undefined {
  if (state.trainStopped !== undefined) return undefined;
  if (Object.values(state.tickets).some((t) => t.status === 'merging')) return undefined;
  const before = indexBy(state.relations.filter((r) => r.conflict), (r) => r.after);
  return state.order.find((key) => {
    const t = state.tickets[key] as TicketRunState;
    if (t.status !== 'built') return false;
    const depsMerged = (state.dependsOn[key] ?? []).every((d) => state.tickets[d]?.status === 'merged');
    return depsMerged && (before.get(key) ?? []).every((r) => isFinal(state.tickets[r.before]));
  });
}

/**
 * Whether a ticket must be verified again after rebasing: a ticket merged since it started
 * relates to it (same files, project or project dependency), so the base moved in a way that
 * affects its projects.
 */
export function needsReverify(state: RunState, key: string): boolean {
  const t = state.tickets[key] as TicketRunState;
  const since = t.startedAt ?? 0;
  return state.relations.some((r) => {
    const other = r.before === key ? r.after : r.after === key ? r.before : undefined;
    if (other === undefined) return false;
    const o = state.tickets[other] as TicketRunState;
    return o.status === 'merged' && (o.finishedAt ?? 0) >= since;
  });
}

/** Longest remaining chain of estimates (minutes) through conflicts and links, per ticket. */
function remainingPath(state: RunState): Map<string, number> {
  const after = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = after.get(a);
    if (list) list.push(b);
    else after.set(a, [b]);
  };
  for (const r of state.relations) if (r.conflict) add(r.before, r.after);
  for (const [key, deps] of Object.entries(state.dependsOn)) for (const d of deps) add(d, key);
  const memo = new Map<string, number>();
  for (const key of [...state.order].reverse()) {
    const t = state.tickets[key] as TicketRunState;
    const own = isFinal(t) ? 0 : t.estimateMinutes;
    const next = Math.max(0, ...(after.get(key) ?? []).map((k) => memo.get(k) ?? 0));
    memo.set(key, own + next);
  }
  return memo;
}

function indexBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(keyOf(item));
    if (list) list.push(item);
    else map.set(keyOf(item), [item]);
  }
  return map;
}
