import type { MappedTicket } from './map-tickets.js';
import { OVERLAP_KIND_BIT } from './overlap-kind-bit.js';
import { lowerBound } from './file-index.js';

/*
 * The inverted indexes behind detectOverlaps (file → tickets, folder → tickets, project →
 * tickets): each function reports the pairs of one or two kinds among the tickets it is given,
 * never by comparing all pairs. detectOverlapRows runs them on one ticket per footprint class.
 */

const FILE = OVERLAP_KIND_BIT.file;
const SHARED = OVERLAP_KIND_BIT['shared-file'];
const PROJECT = OVERLAP_KIND_BIT.project;
const DEPENDENCY = OVERLAP_KIND_BIT.dependency;

/** Records that tickets `x` and `y` (positions in the list given) share the kind `bit`; `x === y` is ignored by callers. */
export type AddRelation = (x: number, y: number, bit: number) => void;

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

/** `file` pairs: a common non-shared file, or a predicted path at or over the other's file, claimed folder or prediction. */
export function detectFileRelations(mapped: readonly MappedTicket[], add: AddRelation): void {
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
  // A predicted path overlaps files, claimed folders and predictions at or below its base. The
  // files at or below a base are the base itself plus one contiguous range of the sorted touched
  // files; predictions and claimed folders are found through each base's ancestors-or-self.
  const files = [...anyFile.keys()].sort(); // by UTF-16 code units, like startsWith
  for (const [base, predicting] of predictedAt) {
    const prefix = base === '' ? '' : `${base}/`;
    const at = (file: string) => {
      for (const x of anyFile.get(file) as number[]) for (const y of predicting) add(x, y, FILE);
    };
    if (anyFile.has(base)) at(base);
    for (let i = lowerBound(files, prefix); i < files.length && (files[i] as string).startsWith(prefix); i += 1) at(files[i] as string);
  }
  const hitPredictions = (path: string, tickets: readonly number[]) =>
    forEachSelfOrAncestor(path, (dir) => {
      const predicting = predictedAt.get(dir);
      if (predicting) for (const x of tickets) for (const y of predicting) add(x, y, FILE);
    });
  for (const [base, tickets] of predictedAt) {
    hitPredictions(base, tickets);
    forEachSelfOrAncestor(base, (dir) => {
      const claiming = claimedAt.get(dir);
      if (claiming) for (const x of tickets) for (const y of claiming) add(x, y, FILE);
    });
  }
}

/** `shared-file` pairs: every two tickets that both touch workspace-wide files. */
export function detectSharedFileRelations(mapped: readonly MappedTicket[], add: AddRelation): void {
  const touching: number[] = [];
  mapped.forEach((m, i) => {
    if (m.shared.length > 0) touching.push(i);
  });
  for (let x = 0; x < touching.length; x += 1) for (let y = x + 1; y < touching.length; y += 1) add(touching[x] as number, touching[y] as number, SHARED);
}

/** `project` pairs: a common owning project other than `rootProject` (whether they also share a file is settled later). */
export function detectProjectRelations(mapped: readonly MappedTicket[], add: AddRelation, rootProject: string | undefined): void {
  const byProject = new Map<string, number[]>();
  mapped.forEach((m, i) => {
    // The root project owns every loose root file; those collide through `file` and `shared-file`.
    for (const project of m.projects) if (project !== rootProject) push(byProject, project, i);
  });
  forEachPairOfGroups(byProject.values(), (x, y) => add(x, y, PROJECT));
}

/** `dependency` pairs: one ticket owns a project that depends on one the other owns. */
export function detectDependencyRelations(mapped: readonly MappedTicket[], add: AddRelation): void {
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
