import { groupTickets } from './group-tickets.js';
import type { Plan } from './plan.js';

/** One shard: tickets that run on one CI runner, in plan order. */
export interface Shard {
  /** 1-based. */
  index: number;
  /** Ticket keys in plan order. */
  keys: string[];
  /** Sum of their estimates, minutes. */
  estimateMinutes: number;
}

/** What {@link buildShards} returns. */
export interface Sharding {
  /** Between 1 and the shard count asked for (never an empty shard); none for an empty plan. */
  shards: Shard[];
  /** E.g. a ticket with an unknown footprint, whose overlaps nobody knows. */
  warnings: string[];
}

/**
 * Split a plan's tickets into at most `count` shards for CI runners (pure, deterministic). Tickets
 * that must not run at the same time — a conflict overlap or a `dependsOn` link, directly or
 * through others — stay together in one shard, where they run in plan order; these groups are
 * spread over the shards longest first, each to the shard with the least estimated work so far
 * (ties: the lower index), so the shards are balanced by estimate.
 *
 * @param count shards wanted, ≥ 1.
 */
export function buildShards(plan: Plan, count: number): Sharding {
  const keys = plan.order;
  const position = new Map(keys.map((k, i) => [k, i]));
  const pairs: Array<[string, string]> = [
    ...plan.overlaps.filter((o) => o.conflict).map((o) => o.tickets),
    ...plan.tickets.flatMap((t) => t.dependsOn.map((dep): [string, string] => [t.key, dep])),
  ];
  const groupOf = groupTickets(keys, pairs);
  const estimate = new Map(plan.tickets.map((t) => [t.key, t.estimateMinutes]));
  const groups = new Map<number, string[]>();
  for (const key of keys) groups.set(groupOf.get(key) as number, [...(groups.get(groupOf.get(key) as number) ?? []), key]);
  const weighted = [...groups.values()].map((members) => ({ members, minutes: members.reduce((sum, k) => sum + (estimate.get(k) ?? 0), 0) }));
  weighted.sort((a, b) => b.minutes - a.minutes || (position.get(a.members[0] as string) as number) - (position.get(b.members[0] as string) as number));
  const shards: Shard[] = Array.from({ length: Math.max(0, Math.min(Math.max(1, Math.floor(count)), weighted.length)) }, (_, i) => ({ index: i + 1, keys: [], estimateMinutes: 0 }));
  for (const group of weighted) {
    const target = shards.reduce((best, s) => (s.estimateMinutes < best.estimateMinutes ? s : best), shards[0] as Shard);
    target.keys.push(...group.members);
    target.estimateMinutes += group.minutes;
  }
  for (const s of shards) s.keys.sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
  const warnings = plan.tickets.filter((t) => t.footprint === 'unknown').map((t) => `${t.key} has an unknown footprint: its shard is chosen by estimate only, its overlaps with other shards are unknown`);
  return { shards, warnings };
}
