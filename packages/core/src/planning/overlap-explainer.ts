import { explainOverlap } from './explain-overlap.js';
import type { FootprintClasses } from './footprint-classes.js';
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
 * {@link explainOverlap} for many pairs of one mapped list, memoised per class pair: the items of
 * `file` and `shared-file` depend only on the two tickets' file classes, those of `project` and
 * `dependency` only on their project classes ({@link FootprintClasses}). Each (kind, class, class)
 * is explained once and its frozen items array is shared by every overlap with it, so an overlap
 * costs one look-up instead of merging, formatting and sorting items. `link` items name the
 * tickets, so they are never shared.
 */
export class OverlapExplainer {
  private readonly memo: Array<Map<number, OverlapExplanation>> = OVERLAP_KINDS.map(() => new Map());

  /**
   * @param mapped the tickets, as indexed by {@link explain}.
   * @param classes their classes (`classifyFootprints(mapped)`).
   * @param rootProject see {@link explainOverlap}.
   * @param maxItems see {@link explainOverlap}.
   */
  constructor(
    private readonly mapped: readonly MappedTicket[],
    private readonly classes: FootprintClasses,
    private readonly rootProject: string | undefined,
    private readonly maxItems: number,
  ) {}

  /** What tickets `x` and `y` (positions in the mapped list) overlap on for kind `OVERLAP_KINDS[kindIndex]`. */
  explain(x: number, y: number, kindIndex: number): OverlapExplanation {
    if (kindIndex === LINK) return this.compute(x, y, kindIndex);
    const byProjects = BY_PROJECTS.has(kindIndex);
    const of = byProjects ? this.classes.projectClass : this.classes.fileClass;
    const id = (of[x] as number) * (byProjects ? this.classes.projectMembers : this.classes.fileMembers).length + (of[y] as number);
    const memo = this.memo[kindIndex] as Map<number, OverlapExplanation>;
    let known = memo.get(id);
    if (!known) memo.set(id, (known = this.compute(x, y, kindIndex)));
    return known;
  }

  private compute(x: number, y: number, kindIndex: number): OverlapExplanation {
    const kind = OVERLAP_KINDS[kindIndex] as OverlapKind;
    const { items, count } = explainOverlap(this.mapped[x] as MappedTicket, this.mapped[y] as MappedTicket, kind, this.rootProject, this.maxItems);
    return { items: Object.freeze(items), count };
  }
}
