import type { Plan } from './plan.js';

/**
 * The part of a plan that concerns `keys` (one CI shard, or the tickets whose branches a merge
 * job found): their tickets, the overlaps between two of them, the order, batches and simulated
 * schedule without the others, and the sequential estimate of what is left (pure). The critical
 * path keeps only the kept keys; the parallel estimate is the kept schedule's last finish minus its
 * first start. Completion and warnings are kept as they are.
 *
 * @param keys ticket keys of `plan`; other keys are ignored.
 */
export function restrictPlan(plan: Plan, keys: readonly string[]): Plan {
  const keep = new Set(keys);
  const tickets = plan.tickets.filter((t) => keep.has(t.key));
  const schedule = plan.schedule.filter((s) => keep.has(s.key));
  const start = Math.min(...schedule.map((s) => s.startMinutes));
  const end = Math.max(...schedule.map((s) => s.endMinutes));
  return {
    ...plan,
    tickets,
    overlaps: plan.overlaps.filter((o) => keep.has(o.tickets[0]) && keep.has(o.tickets[1])),
    order: plan.order.filter((k) => keep.has(k)),
    batches: plan.batches.map((b) => b.filter((k) => keep.has(k))).filter((b) => b.length > 0),
    schedule,
    estimate: {
      parallelMinutes: schedule.length === 0 ? 0 : end - start,
      sequentialMinutes: tickets.reduce((sum, t) => sum + t.estimateMinutes, 0),
      criticalPath: plan.estimate.criticalPath.filter((k) => keep.has(k)),
    },
  };
}
