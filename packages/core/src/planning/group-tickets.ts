/**
 * Groups of tickets that must stay together: the connected components of `pairs` (conflicts,
 * `dependsOn` links) over `keys` (pure). Pairs naming a key outside `keys` are ignored.
 *
 * @param keys ticket keys in plan order.
 * @returns key → group id: the position in `keys` of the group's first member (so groups are
 *   numbered in plan order and two runs over the same input agree).
 */
export function groupTickets(keys: readonly string[], pairs: Iterable<readonly [string, string]>): Map<string, number> {
  const position = new Map(keys.map((k, i) => [k, i]));
  const parent = keys.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (const [a, b] of pairs) {
    const [x, y] = [position.get(a), position.get(b)];
    if (x === undefined || y === undefined) continue;
    const [rx, ry] = [find(x), find(y)];
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  }
  return new Map(keys.map((k, i) => [k, find(i)]));
}
