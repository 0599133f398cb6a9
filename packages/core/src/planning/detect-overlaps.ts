import { OVERLAP_KINDS, type OverlapKind } from './plan.js';
import { classifyFootprints, type FootprintClasses } from './footprint-classes.js';
import { detectDependencyRelations, detectFileRelations, detectProjectRelations, detectSharedFileRelations, type AddRelation } from './detect-relations.js';
import { OVERLAP_KIND_BIT } from './overlap-kind-bit.js';
import type { MappedTicket } from './map-tickets.js';

export { OVERLAP_KIND_BIT };

const FILE = OVERLAP_KIND_BIT.file;
const PROJECT = OVERLAP_KIND_BIT.project;
const LINK = OVERLAP_KIND_BIT.link;

/**
 * Overlapping pairs of tickets: key `a * n + b` (indexes into the mapped list, `a < b`, `n` its
 * length), value a mask of {@link OVERLAP_KIND_BIT}s. Read with {@link kindsOf}; what overlaps
 * comes from `explainOverlap`.
 */
export type OverlapPairs = Map<number, number>;

/** The kinds in a mask, in {@link OVERLAP_KINDS} order. */
export function kindsOf(mask: number): OverlapKind[] {
  return OVERLAP_KINDS.filter((kind) => (mask & OVERLAP_KIND_BIT[kind]) !== 0);
}

/**
 * Overlapping pairs by first ticket, as compressed rows: the partners of ticket `a` (positions
 * after `a`, ascending) are `partner[i]`, with a mask of {@link OVERLAP_KIND_BIT}s `mask[i]`, for
 * `start[a] <= i < start[a + 1]`. Plain typed arrays: reading a pair back allocates nothing.
 */
export interface OverlapRows {
  /** Length `n + 1`: where each ticket's row begins in `partner` and `mask`, then their length. */
  start: Int32Array;
  partner: Int32Array;
  mask: Uint8Array;
}

/**
 * Find every relation between every pair of tickets with inverted indexes (file → tickets,
 * folder → tickets, project → tickets), never by comparing all pairs: {@link detectOverlapRows}
 * as a map (the same pairs and masks).
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
  const { start, partner, mask } = detectOverlapRows(mapped, rootProject);
  for (let a = 0; a < n; a += 1) for (let i = start[a] as number; i < (start[a + 1] as number); i += 1) pairs.set(a * n + (partner[i] as number), mask[i] as number);
  return pairs;
}

/**
 * The overlapping pairs (see {@link detectOverlaps}) in pair order — by first ticket, then second —
 * as {@link OverlapRows}: no map entry per pair.
 *
 * The relations are found between classes of tickets ({@link classifyFootprints}) with inverted
 * indexes, then listed for each ticket from its classes' neighbours: the cost is O(input size ×
 * path depth) for the classes plus a few array operations per pair found (and a sort of each
 * ticket's partners).
 */
export function detectOverlapRows(mapped: readonly MappedTicket[], rootProject?: string, classes: FootprintClasses = classifyFootprints(mapped)): OverlapRows {
  const fileNeighbours = relateClasses(mapped, classes.fileMembers, (reps, add) => {
    detectFileRelations(reps, add);
    detectSharedFileRelations(reps, add);
  });
  const projectNeighbours = relateClasses(mapped, classes.projectMembers, (reps, add) => {
    detectProjectRelations(reps, add, rootProject);
    detectDependencyRelations(reps, add);
  });
  const links = linkPartners(mapped);
  const n = mapped.length;
  const row = new RowBuffer(n);
  const start = new Int32Array(n + 1);
  let partner = new Int32Array(1024);
  let mask = new Uint8Array(1024);
  let size = 0;
  for (let a = 0; a < n; a += 1) {
    start[a] = size;
    row.markLater(fileNeighbours[classes.fileClass[a] as number], classes.fileMembers, a);
    row.markLater(projectNeighbours[classes.projectClass[a] as number], classes.projectMembers, a);
    for (const b of links[a] ?? []) if (b > a) row.mark(b, LINK);
    if (row.count === 0) continue;
    if (size + row.count > partner.length) {
      const length = Math.max(partner.length * 2, size + row.count);
      partner = grow(partner, new Int32Array(length), size);
      mask = grow(mask, new Uint8Array(length), size);
    }
    size = row.drain(partner, mask, size);
  }
  start[n] = size;
  return { start, partner: partner.subarray(0, size), mask: mask.subarray(0, size) };
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T, size: number): T {
  to.set(from.subarray(0, size));
  return to;
}

/** The partners of one ticket being listed: a mask per position (zero when unmarked) and the positions marked. */
class RowBuffer {
  count = 0;
  private readonly masks: Uint8Array;
  private readonly marked: Int32Array;

  constructor(n: number) {
    this.masks = new Uint8Array(n);
    this.marked = new Int32Array(n);
  }

  mark(b: number, bits: number): void {
    if (this.masks[b] === 0) this.marked[this.count++] = b;
    this.masks[b] = (this.masks[b] as number) | bits;
  }

  /** Mark the tickets after `a` in each neighbouring class with the kinds shared. */
  markLater(neighbours: readonly number[] | undefined, members: readonly number[][], a: number): void {
    if (!neighbours) return;
    for (let k = 0; k < neighbours.length; k += 2) {
      const list = members[neighbours[k] as number] as number[];
      const bits = neighbours[k + 1] as number;
      for (let i = upperBound(list, a); i < list.length; i += 1) this.mark(list[i] as number, bits);
    }
  }

  /** Write the marked positions, ascending, with their masks at `at`, clear the row; returns the new end. */
  drain(partner: Int32Array, mask: Uint8Array, at: number): number {
    const marked = this.marked.subarray(0, this.count).sort();
    for (let i = 0; i < marked.length; i += 1) {
      const b = marked[i] as number;
      let bits = this.masks[b] as number;
      this.masks[b] = 0;
      // A `project` overlap is one without a `file` overlap.
      if ((bits & FILE) !== 0) bits &= ~PROJECT;
      partner[at] = b;
      mask[at++] = bits;
    }
    this.count = 0;
    return at;
  }
}

/** Neighbouring classes of each class and the kinds they share: `[class, mask, class, mask, …]`. */
type ClassNeighbours = number[][];

/**
 * Run `detect` on one representative per class — twice for a class of two or more tickets, so a
 * class that overlaps itself shows as a pair — and collect the relations between classes.
 */
function relateClasses(mapped: readonly MappedTicket[], members: readonly number[][], detect: (reps: MappedTicket[], add: AddRelation) => void): ClassNeighbours {
  const reps: MappedTicket[] = [];
  const classOfRep: number[] = [];
  members.forEach((list, c) => {
    const rep = mapped[list[0] as number] as MappedTicket;
    for (let k = Math.min(list.length, 2); k > 0; k -= 1) {
      reps.push(rep);
      classOfRep.push(c);
    }
  });
  const count = members.length;
  const masks = new Map<number, number>();
  detect(reps, (x, y, bit) => {
    if (x === y) return;
    const [cx, cy] = [classOfRep[x] as number, classOfRep[y] as number];
    const id = cx < cy ? cx * count + cy : cy * count + cx;
    masks.set(id, (masks.get(id) ?? 0) | bit);
  });
  const neighbours: ClassNeighbours = members.map(() => []);
  masks.forEach((mask, id) => {
    const [cx, cy] = [Math.floor(id / count), id % count];
    (neighbours[cx] as number[]).push(cy, mask);
    if (cy !== cx) (neighbours[cy] as number[]).push(cx, mask);
  });
  return neighbours;
}

/** Position of the first value above `value` in an ascending list. */
function upperBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tickets linked by `dependsOn`, both ways, by position. */
function linkPartners(mapped: readonly MappedTicket[]): number[][] {
  const position = new Map(mapped.map((m, i) => [m.ticket.key, i]));
  const links: number[][] = [];
  mapped.forEach((m, i) => {
    for (const dep of m.ticket.dependsOn) {
      const j = position.get(dep);
      if (j === undefined || j === i) continue;
      (links[i] ??= []).push(j);
      (links[j] ??= []).push(i);
    }
  });
  return links;
}
