import { explainOverlap } from './detect-overlaps.js';
import type { MappedTicket } from './map-tickets.js';
import { OVERLAP_KINDS, type OverlapKind } from './plan.js';

/** Items of one overlap as {@link explainOverlap} returns them; `items` is frozen and may be shared. */
export interface OverlapExplanation {
  items: readonly string[];
  count: number;
}

const LINK = OVERLAP_KINDS.indexOf('link');
const BY_PROJECTS = new Set<number>([OVERLAP_KINDS.indexOf('project'), OVERLAP_KINDS.indexOf('dependency')]);

/**
 * {@link explainOverlap} for many pairs of one mapped list, memoised: the items of a kind depend
 * only on part of each ticket's footprint (files, predictions, claimed folders and shared files for
 * `file` and `shared-file`; owning projects and their dependents for `project` and `dependency`),
 * and tickets with equal parts fall into one class. Each (kind, class, class) is explained once and
 * its frozen items array is shared by every overlap with it, so an overlap costs one look-up
 * instead of merging, formatting and sorting items. Dense plans (many tickets on the same base
 * libraries) have few classes and many overlaps. `link` items name the tickets, so they are never shared.
 */
export class OverlapExplainer {
  private readonly n: number;
  private readonly fileClass: Int32Array;
  private readonly projectClass: Int32Array;
  private readonly fileClasses = new Map<string, number>();
  private readonly projectClasses = new Map<ReadonlyMap<string, string>, Map<string, number>>();
  private projectClassCount = 0;
  private readonly memo: Array<Map<number, OverlapExplanation>> = OVERLAP_KINDS.map(() => new Map());

  /**
   * @param mapped the tickets, as indexed by {@link explain}.
   * @param rootProject see {@link explainOverlap}.
   * @param maxItems see {@link explainOverlap}.
   */
  constructor(
    private readonly mapped: readonly MappedTicket[],
    private readonly rootProject: string | undefined,
    private readonly maxItems: number,
  ) {
    this.n = mapped.length;
    this.fileClass = new Int32Array(this.n).fill(-1);
    this.projectClass = new Int32Array(this.n).fill(-1);
  }

  /** What tickets `x` and `y` (indexes into the mapped list) overlap on for `kind`, as {@link explainOverlap} says. */
  explain(x: number, y: number, kindIndex: number): OverlapExplanation {
    const kind = OVERLAP_KINDS[kindIndex] as OverlapKind;
    if (kindIndex === LINK) return this.compute(x, y, kind);
    const byProjects = BY_PROJECTS.has(kindIndex);
    const id = byProjects ? this.projectClassOf(x) * this.n + this.projectClassOf(y) : this.fileClassOf(x) * this.n + this.fileClassOf(y);
    const memo = this.memo[kindIndex] as Map<number, OverlapExplanation>;
    let known = memo.get(id);
    if (!known) memo.set(id, (known = this.compute(x, y, kind)));
    return known;
  }

  private compute(x: number, y: number, kind: OverlapKind): OverlapExplanation {
    const { items, count } = explainOverlap(this.mapped[x] as MappedTicket, this.mapped[y] as MappedTicket, kind, this.rootProject, this.maxItems);
    return { items: Object.freeze(items), count };
  }

  private fileClassOf(i: number): number {
    let id = this.fileClass[i] as number;
    if (id >= 0) return id;
    const m = this.mapped[i] as MappedTicket;
    // Every field explainOverlap reads for `file` and `shared-file`, counted and joined (paths hold no NUL).
    const lists = [m.files, m.predicted.flatMap((p) => [p.pattern, p.base]), m.claimedDirs, m.shared];
    const signature = `${lists.map((list) => list.length).join(',')}\0${lists.map((list) => list.join('\0')).join('\0')}`;
    id = this.fileClasses.get(signature) ?? this.fileClasses.size;
    this.fileClasses.set(signature, id);
    this.fileClass[i] = id;
    return id;
  }

  private projectClassOf(i: number): number {
    let id = this.projectClass[i] as number;
    if (id >= 0) return id;
    const m = this.mapped[i] as MappedTicket;
    // Tickets owning the same projects share one dependents map (ProjectLookup.reachOf), so this rarely grows.
    let byProjects = this.projectClasses.get(m.dependents);
    if (!byProjects) this.projectClasses.set(m.dependents, (byProjects = new Map()));
    const signature = m.projects.join('\0');
    id = byProjects.get(signature) ?? this.projectClassCount++;
    byProjects.set(signature, id);
    this.projectClass[i] = id;
    return id;
  }
}
