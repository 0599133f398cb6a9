import { OVERLAP_KINDS, type OverlapKind } from './plan.js';
import type { MappedTicket } from './map-tickets.js';

/** Bit of each overlap kind in a pair's mask: bit `i` is `OVERLAP_KINDS[i]`. */
export const OVERLAP_KIND_BIT: Readonly<Record<OverlapKind, number>> = Object.fromEntries(OVERLAP_KINDS.map((kind, i) => [kind, 1 << i])) as Record<OverlapKind, number>;

const FILE = OVERLAP_KIND_BIT.file;
const SHARED = OVERLAP_KIND_BIT['shared-file'];
const PROJECT = OVERLAP_KIND_BIT.project;
const DEPENDENCY = OVERLAP_KIND_BIT.dependency;
const LINK = OVERLAP_KIND_BIT.link;

/**
 * Overlapping pairs of tickets: key `a * n + b` (indexes into the mapped list, `a < b`, `n` its
 * length), value a mask of {@link OVERLAP_KIND_BIT}s. Read with {@link kindsOf}; what overlaps
 * comes from {@link explainOverlap}.
 */
export type OverlapPairs = Map<number, number>;

/** One more than the largest mask: a pair packed by {@link sortPairs} is `id * MASK_SPAN + mask`. */
export const MASK_SPAN = 1 << OVERLAP_KINDS.length;

/**
 * The pairs in id order (by first ticket, then second), each packed with its mask as
 * `id * MASK_SPAN + mask` in one sorted typed array: `Math.floor(v / MASK_SPAN)` is the id and
 * `v % MASK_SPAN` the mask. Reading them back needs no map look-ups. Exact while
 * `n² × MASK_SPAN < 2^53` (n up to millions of tickets).
 */
export function sortPairs(pairs: OverlapPairs): Float64Array {
  const packed = new Float64Array(pairs.size);
  let i = 0;
  for (const [id, mask] of pairs) packed[i++] = id * MASK_SPAN + mask;
  return packed.sort();
}

/** The kinds in a mask, in {@link OVERLAP_KINDS} order. */
export function kindsOf(mask: number): OverlapKind[] {
  return OVERLAP_KINDS.filter((kind) => (mask & OVERLAP_KIND_BIT[kind]) !== 0);
}

/**
 * Find every relation between every pair of tickets with inverted indexes (file → tickets,
 * folder → tickets, project → tickets), never by comparing all pairs. Only the kinds are
 * recorded here; the items (which files, which projects) are worked out afterwards for the pairs
 * found ({@link explainOverlap}), so the cost per overlapping pair is one map update. Files that
 * the same tickets touch are visited once as a group. Cost: O(input size × path depth + pairs found).
 *
 * Kinds: `file` (same file, or a predicted new path over the other's file, folder or prediction),
 * `shared-file` (both touch workspace-wide files), `project` (same owning project, no file
 * overlap), `dependency` (one's owning project depends on the other's), `link` (`dependsOn`).
 *
 * @param rootProject the project at the workspace root, if any: it is left out of `project` overlaps.
 */
export function detectOverlaps(mapped: readonly MappedTicket[], rootProject?: string): OverlapPairs {
  const n = mapped.length;
  const pairs: OverlapPairs = new Map();
  const add = (x: number, y: number, bit: number): void => {
    if (x === y) return;
    const id = x < y ? x * n + y : y * n + x;
    pairs.set(id, (pairs.get(id) ?? 0) | bit);
  };
  detectFileOverlaps(mapped, add);
  detectSharedFileOverlaps(mapped, add);
  detectProjectOverlaps(mapped, add, (x, y) => ((pairs.get(x < y ? x * n + y : y * n + x) ?? 0) & FILE) !== 0, rootProject);
  detectDependencyOverlaps(mapped, add);
  const position = new Map(mapped.map((m, i) => [m.ticket.key, i]));
  mapped.forEach((m, i) => {
    for (const dep of m.ticket.dependsOn) {
      const j = position.get(dep);
      if (j !== undefined) add(i, j, LINK);
    }
  });
  return pairs;
}

type Add = (x: number, y: number, bit: number) => void;

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** Each pair of members of each group, once per distinct member list (files touched by the same tickets are one visit). */
function forEachPairOfGroups(groups: Iterable<number[]>, visit: (x: number, y: number) => void): void {
  const seen = new Set<string>();
  for (const members of groups) {
    if (members.length < 2) continue;
    const signature = members.join(',');
    if (seen.has(signature)) continue;
    seen.add(signature);
    for (let i = 0; i < members.length; i += 1) for (let j = i + 1; j < members.length; j += 1) visit(members[i] as number, members[j] as number);
  }
}

/** Calls `visit` with `path` and each of its ancestor folders, deepest first, ending with `''`. */
function forEachSelfOrAncestor(path: string, visit: (dir: string) => void): void {
  visit(path);
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) visit(path.slice(0, i));
  if (path !== '') visit('');
}

function detectFileOverlaps(mapped: readonly MappedTicket[], add: Add): void {
  const byFile = new Map<string, number[]>();
  const predictedAt = new Map<string, number[]>();
  const claimedAt = new Map<string, number[]>();
  const anyFile = new Map<string, number[]>();
  mapped.forEach((m, i) => {
    const shared = m.shared.length > 0 ? new Set(m.shared) : undefined;
    for (const file of m.files) {
      push(anyFile, file, i);
      if (!shared?.has(file)) push(byFile, file, i);
    }
    for (const p of m.predicted) push(predictedAt, p.base, i);
    for (const dir of m.claimedDirs) push(claimedAt, dir, i);
  });
  forEachPairOfGroups(byFile.values(), (x, y) => add(x, y, FILE));
  if (predictedAt.size === 0) return;
  // A predicted path overlaps files, claimed folders and predictions at or below its base: look up
  // every ancestor-or-self of each distinct file and of each predicted base.
  const hitPredictions = (path: string, tickets: readonly number[]) =>
    forEachSelfOrAncestor(path, (dir) => {
      const predicting = predictedAt.get(dir);
      if (predicting) for (const x of tickets) for (const y of predicting) add(x, y, FILE);
    });
  for (const [file, tickets] of anyFile) hitPredictions(file, tickets);
  for (const [base, tickets] of predictedAt) {
    hitPredictions(base, tickets);
    forEachSelfOrAncestor(base, (dir) => {
      const claiming = claimedAt.get(dir);
      if (claiming) for (const x of tickets) for (const y of claiming) add(x, y, FILE);
    });
  }
}

function detectSharedFileOverlaps(mapped: readonly MappedTicket[], add: Add): void {
  const touching: number[] = [];
  mapped.forEach((m, i) => {
    if (m.shared.length > 0) touching.push(i);
  });
  for (let x = 0; x < touching.length; x += 1) for (let y = x + 1; y < touching.length; y += 1) add(touching[x] as number, touching[y] as number, SHARED);
}

function detectProjectOverlaps(mapped: readonly MappedTicket[], add: Add, hasFile: (x: number, y: number) => boolean, rootProject: string | undefined): void {
  const byProject = new Map<string, number[]>();
  mapped.forEach((m, i) => {
    // The root project owns every loose root file; those collide through `file` and `shared-file`.
    for (const project of m.projects) if (project !== rootProject) push(byProject, project, i);
  });
  forEachPairOfGroups(byProject.values(), (x, y) => {
    if (!hasFile(x, y)) add(x, y, PROJECT);
  });
}

function detectDependencyOverlaps(mapped: readonly MappedTicket[], add: Add): void {
  const owners = new Map<string, number[]>();
  // Tickets with the same owning projects share one dependents map (see ProjectLookup): walk each once.
  const byDependents = new Map<Map<string, string>, number[]>();
  mapped.forEach((m, i) => {
    for (const project of m.projects) push(owners, project, i);
    if (m.dependents.size > 0) push(byDependents, m.dependents, i);
  });
  for (const [dependents, tickets] of byDependents) {
    for (const dependent of dependents.keys()) {
      const owning = owners.get(dependent);
      if (owning) for (const x of tickets) for (const y of owning) add(x, y, DEPENDENCY);
    }
  }
}

const under = (path: string, base: string): boolean => path === base || base === '' || (path.startsWith(base) && path.charCodeAt(base.length) === 47);

/**
 * What two tickets overlap on, for one kind: the files, patterns, projects or links, sorted, at
 * most `maxItems` of them, and how many there are in all. Called for the pairs
 * {@link detectOverlaps} found, so it may compare the two tickets directly.
 *
 * Items: `file` — common files, `<file> (predicted <pattern>)`, `<pattern>` or `<pattern> ~ <pattern>`
 * for predictions over each other, `<pattern> (in <folder>)` for a prediction in a claimed folder;
 * `shared-file` — the workspace-wide files either touches; `project` — common owning projects;
 * `dependency` — `<dependent> → <project it depends on>`; `link` — `<KEY> depends on <KEY>`.
 */
export function explainOverlap(x: MappedTicket, y: MappedTicket, kind: OverlapKind, rootProject?: string, maxItems = Number.POSITIVE_INFINITY): { items: string[]; count: number } {
  const out: string[] = [];
  let sorted = true; // out is sorted and free of duplicates as built
  switch (kind) {
    case 'file': {
      // Both file lists are sorted by code units: merge them.
      for (let i = 0, j = 0; i < x.files.length && j < y.files.length; ) {
        const a = x.files[i] as string;
        const b = y.files[j] as string;
        if (a < b) i += 1;
        else if (a > b) j += 1;
        else {
          if (x.shared.length === 0 || !x.shared.includes(a)) out.push(a);
          i += 1;
          j += 1;
        }
      }
      if (x.predicted.length === 0 && y.predicted.length === 0) break;
      sorted = false;
      predictionItems(x, y, out);
      predictionItems(y, x, out);
      break;
    }
    case 'shared-file':
      out.push(...x.shared, ...y.shared);
      sorted = false;
      break;
    case 'project':
      // Both project lists are sorted.
      for (const project of x.projects) if (project !== rootProject && y.projects.includes(project)) out.push(project);
      break;
    case 'dependency':
      dependencyItems(x, y, out);
      dependencyItems(y, x, out);
      sorted = out.length < 2;
      break;
    case 'link':
      if (x.ticket.dependsOn.includes(y.ticket.key)) out.push(`${x.ticket.key} depends on ${y.ticket.key}`);
      if (y.ticket.dependsOn.includes(x.ticket.key)) out.push(`${y.ticket.key} depends on ${x.ticket.key}`);
      sorted = out.length < 2;
      break;
  }
  const items = sorted ? out : [...new Set(out)].sort();
  return { items: items.length > maxItems ? items.slice(0, maxItems) : items, count: items.length };
}

/** `a`'s predicted paths over `b`'s files, predictions and claimed folders, and `b`'s predictions over `a`'s files. */
function predictionItems(a: MappedTicket, b: MappedTicket, out: string[]): void {
  for (const p of b.predicted) for (const file of a.files) if (under(file, p.base)) out.push(`${file} (predicted ${p.pattern})`);
  for (const p of a.predicted) {
    for (const q of b.predicted) if (under(p.base, q.base)) out.push(p.pattern === q.pattern ? p.pattern : `${p.pattern} ~ ${q.pattern}`);
    for (const dir of b.claimedDirs) if (under(p.base, dir)) out.push(`${p.pattern} (in ${dir === '' ? '.' : dir})`);
  }
}

/** `b`'s owning projects that depend on `a`'s: `<dependent> → <a's project>`. */
function dependencyItems(a: MappedTicket, b: MappedTicket, out: string[]): void {
  for (const project of b.projects) {
    const origin = a.dependents.get(project);
    if (origin !== undefined) out.push(`${project} → ${origin}`);
  }
}
