/**
 * Find dependency cycles with Tarjan's strongly connected components (iterative, so deep chains
 * do not overflow the stack). Cost: O(nodes + edges).
 *
 * @param nodes keys to consider.
 * @param edgesOf the keys a node points to (unknown keys are ignored).
 * @returns each cycle as keys in edge order, first key repeated at the end (`[A, B, A]`);
 *   self-loops included. Sorted by first key.
 */
export function findCycles(nodes: Iterable<string>, edgesOf: (key: string) => readonly string[]): string[][] {
  const nodeSet = new Set(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of nodeSet) {
    if (index.has(root)) continue;
    const work: Array<{ key: string; next: number }> = [{ key: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { key: string; next: number };
      const edges = edgesOf(frame.key).filter((e) => nodeSet.has(e));
      if (frame.next < edges.length) {
        const to = edges[frame.next++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ key: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.key, Math.min(low.get(frame.key) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key) as number, low.get(frame.key) as number));
      if (low.get(frame.key) !== index.get(frame.key)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.key);
      if (component.length > 1 || edgesOf(frame.key).includes(frame.key)) {
        cycles.push(walkCycle(new Set(component), edgesOf));
      }
    }
  }
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** The shortest cycle through the smallest key of one strongly connected component (BFS). */
function walkCycle(component: Set<string>, edgesOf: (key: string) => readonly string[]): string[] {
  const start = [...component].sort()[0] as string;
  const parent = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head] as string;
    for (const next of edgesOf(current)) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = current; at !== start; at = parent.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!parent.has(next)) {
        parent.set(next, current);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
