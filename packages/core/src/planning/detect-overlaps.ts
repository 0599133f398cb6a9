import type { OverlapKind } from './plan.js';
import type { MappedTicket } from './map-tickets.js';
import { ancestorsOf } from './workspace-path.js';

/** Overlaps found between two tickets (indexes into the mapped list, `a < b`), per kind. */
export interface PairOverlaps {
  a: number;
  b: number;
  kinds: Map<OverlapKind, Set<string>>;
}

/**
 * Find every relation between every pair of tickets with inverted indexes (file → tickets,
 * folder → tickets, project → tickets), never by comparing all pairs: the cost is
 * O(input size × path depth + overlaps found).
 *
 * Kinds: `file` (same file, or a predicted new path over the other's file, folder or prediction),
 * `shared-file` (both touch workspace-wide files), `project` (same owning project, no file
 * overlap), `dependency` (one's owning project depends on the other's), `link` (`dependsOn`).
 *
 * @param rootProject the project at the workspace root, if any: it is left out of `project` overlaps.
 * @returns pairs keyed by `a * n + b`.
 */
export function detectOverlaps(mapped: readonly MappedTicket[], rootProject?: string): Map<number, PairOverlaps> {
  const n = mapped.length;
  const pairs = new Map<number, PairOverlaps>();
  const add = (x: number, y: number, kind: OverlapKind, item: string): void => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    const id = a * n + b;
    let pair = pairs.get(id);
    if (!pair) pairs.set(id, (pair = { a, b, kinds: new Map() }));
    let items = pair.kinds.get(kind);
    if (!items) pair.kinds.set(kind, (items = new Set()));
    items.add(item);
  };
  detectFileOverlaps(mapped, add);
  detectSharedFileOverlaps(mapped, add);
  const hasFile = (x: number, y: number) => pairs.get(Math.min(x, y) * n + Math.max(x, y))?.kinds.has('file') ?? false;
  detectProjectOverlaps(mapped, add, hasFile, rootProject);
  detectDependencyOverlaps(mapped, add);
  const position = new Map(mapped.map((m, i) => [m.ticket.key, i]));
  mapped.forEach((m, i) => {
    for (const dep of m.ticket.dependsOn) {
      const j = position.get(dep);
      if (j !== undefined) add(i, j, 'link', `${m.ticket.key} depends on ${dep}`);
    }
  });
  return pairs;
}

type Add = (x: number, y: number, kind: OverlapKind, item: string) => void;

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

function forEachPair(groups: Map<string, number[]>, visit: (x: number, y: number, item: string) => void): void {
  for (const [item, members] of groups) {
    for (let i = 0; i < members.length; i += 1) for (let j = i + 1; j < members.length; j += 1) visit(members[i] as number, members[j] as number, item);
  }
}

function detectFileOverlaps(mapped: readonly MappedTicket[], add: Add): void {
  const byFile = new Map<string, number[]>();
  const predictedAt = new Map<string, Array<{ ticket: number; pattern: string }>>();
  const claimedAt = new Map<string, number[]>();
  mapped.forEach((m, i) => {
    const shared = new Set(m.shared);
    for (const file of m.files) if (!shared.has(file)) push(byFile, file, i);
    for (const p of m.predicted) {
      const list = predictedAt.get(p.base);
      if (list) list.push({ ticket: i, pattern: p.pattern });
      else predictedAt.set(p.base, [{ ticket: i, pattern: p.pattern }]);
    }
    for (const dir of m.claimedDirs) push(claimedAt, dir, i);
  });
  forEachPair(byFile, (x, y, file) => add(x, y, 'file', file));
  // A predicted path overlaps files, claimed folders and predictions at or below its base:
  // look up every ancestor-or-self of each file and each predicted base.
  const predictedOver = (path: string, self: number, item: (pattern: string) => string) => {
    for (const dir of [path, ...ancestorsOf(path)]) {
      for (const p of predictedAt.get(dir) ?? []) add(self, p.ticket, 'file', item(p.pattern));
    }
  };
  mapped.forEach((m, i) => {
    for (const file of m.files) predictedOver(file, i, (pattern) => `${file} (predicted ${pattern})`);
    for (const p of m.predicted) {
      predictedOver(p.base, i, (pattern) => (pattern === p.pattern ? pattern : `${p.pattern} ~ ${pattern}`));
      for (const dir of [p.base, ...ancestorsOf(p.base)]) {
        for (const j of claimedAt.get(dir) ?? []) add(i, j, 'file', `${p.pattern} (in ${dir === '' ? '.' : dir})`);
      }
    }
  });
}

function detectSharedFileOverlaps(mapped: readonly MappedTicket[], add: Add): void {
  const touching = mapped.map((m, i) => ({ m, i })).filter(({ m }) => m.shared.length > 0);
  for (let x = 0; x < touching.length; x += 1) {
    for (let y = x + 1; y < touching.length; y += 1) {
      const first = touching[x] as { m: MappedTicket; i: number };
      const second = touching[y] as { m: MappedTicket; i: number };
      for (const file of new Set([...first.m.shared, ...second.m.shared])) add(first.i, second.i, 'shared-file', file);
    }
  }
}

function detectProjectOverlaps(mapped: readonly MappedTicket[], add: Add, hasFile: (x: number, y: number) => boolean, rootProject: string | undefined): void {
  const byProject = new Map<string, number[]>();
  mapped.forEach((m, i) => {
    // The root project owns every loose root file; those collide through `file` and `shared-file`.
    for (const project of m.projects) if (project !== rootProject) push(byProject, project, i);
  });
  forEachPair(byProject, (x, y, project) => {
    if (!hasFile(x, y)) add(x, y, 'project', project);
  });
}

function detectDependencyOverlaps(mapped: readonly MappedTicket[], add: Add): void {
  const owners = new Map<string, number[]>();
  mapped.forEach((m, i) => {
    for (const project of m.projects) push(owners, project, i);
  });
  mapped.forEach((m, i) => {
    for (const [dependent, origin] of m.dependents) {
      for (const j of owners.get(dependent) ?? []) add(i, j, 'dependency', `${dependent} → ${origin}`);
    }
  });
}
