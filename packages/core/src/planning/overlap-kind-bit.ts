import { OVERLAP_KINDS, type OverlapKind } from './plan.js';

/** Bit of each overlap kind in a pair's mask: bit `i` is `OVERLAP_KINDS[i]`. */
export const OVERLAP_KIND_BIT: Readonly<Record<OverlapKind, number>> = Object.fromEntries(OVERLAP_KINDS.map((kind, i) => [kind, 1 << i])) as Record<OverlapKind, number>;
