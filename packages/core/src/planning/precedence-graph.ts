/**
 * Ordered tickets with "must finish before" edges. Every edge goes from an earlier position in the
 * plan order to a later one, so the order itself is a topological order.
 */
export interface PrecedenceGraph {
  /** Keys in plan order. */
  keys: string[];
  /** Estimates in minutes, by position. */
  estimates: number[];
  /** Named resources each ticket holds while running, by position. */
  resources: Array<Record<string, number>>;
  /** `predecessors[i]`: positions that must finish before `i` starts (all `< i`). */
  predecessors: number[][];
  /** `successors[i]`: positions that wait for `i` (all `> i`). */
  successors: number[][];
}

/**
 * Build the graph from the order and "must finish before" edges given flat, as position pairs
 * `[a0, b0, a1, b1, …]` in either direction (the earlier position comes first; duplicates ok):
 * no tuple per edge, and no set per ticket — each ticket's predecessors are sorted and
 * de-duplicated once. O(n + edges log edges).
 */
export function buildPrecedenceGraph(keys: string[], estimates: number[], resources: Array<Record<string, number>>, edges: readonly number[]): PrecedenceGraph {
  const predecessors: number[][] = keys.map(() => []);
  for (let i = 0; i + 1 < edges.length; i += 2) {
    const from = edges[i] as number;
    const to = edges[i + 1] as number;
    if (from === to) continue;
    predecessors[Math.max(from, to)]?.push(Math.min(from, to));
  }
  const successors: number[][] = keys.map(() => []);
  const preds = predecessors.map((list, i) => {
    list.sort((x, y) => x - y);
    let kept = 0;
    // Indexed loops here and below: they run once per edge, and for…of allocates an iterator
    // result per step until the optimising compiler takes over.
    for (let k = 0; k < list.length; k += 1) if (kept === 0 || list[kept - 1] !== list[k]) list[kept++] = list[k] as number;
    list.length = kept;
    for (let k = 0; k < kept; k += 1) successors[list[k] as number]?.push(i);
    return list;
  });
  return { keys, estimates, resources, predecessors: preds, successors };
}

/** Longest remaining path from each ticket (its estimate plus the longest chain after it), minutes. */
export function bottomLevels(graph: PrecedenceGraph): number[] {
  const bottom = new Array<number>(graph.keys.length).fill(0);
  for (let i = graph.keys.length - 1; i >= 0; i -= 1) {
    let longest = 0;
    const successors = graph.successors[i] as number[];
    for (let k = 0; k < successors.length; k += 1) longest = Math.max(longest, bottom[successors[k] as number] as number);
    bottom[i] = (graph.estimates[i] as number) + longest;
  }
  return bottom;
}

/** Waves for display: a ticket's batch is one more than its latest predecessor's. */
export function buildBatches(graph: PrecedenceGraph): string[][] {
  const level = new Array<number>(graph.keys.length).fill(0);
  const batches: string[][] = [];
  graph.keys.forEach((key, i) => {
    let l = 0;
    const predecessors = graph.predecessors[i] as number[];
    for (let k = 0; k < predecessors.length; k += 1) l = Math.max(l, (level[predecessors[k] as number] as number) + 1);
    level[i] = l;
    (batches[l] ??= []).push(key);
  });
  return batches;
}

/** The chain of tickets with the longest total estimate (keys, first to last). */
export function criticalPath(graph: PrecedenceGraph, bottom: readonly number[]): string[] {
  if (graph.keys.length === 0) return [];
  let at = 0;
  bottom.forEach((b, i) => {
    if (b > (bottom[at] as number)) at = i;
  });
  const path = [graph.keys[at] as string];
  for (;;) {
    const next = (graph.successors[at] as number[]).reduce<number | undefined>(
      (best, s) => (best === undefined || (bottom[s] as number) > (bottom[best] as number) ? s : best),
      undefined,
    );
    if (next === undefined) return path;
    path.push(graph.keys[next] as string);
    at = next;
  }
}
