import type { MappedTicket } from './map-tickets.js';

/**
 * Tickets grouped by the parts of their footprint that overlaps depend on. Two tickets of one
 * file class have the same files, predicted paths, claimed folders and shared files, so they
 * overlap with every other ticket in the same `file` and `shared-file` ways and with the same
 * items; two tickets of one project class own the same projects (with the same dependents), so
 * the same holds for `project` and `dependency`. Tickets clustered on a few libraries fall into
 * few classes, so overlaps can be found and explained per class pair and then listed per ticket pair.
 */
export interface FootprintClasses {
  /** File class of each ticket, by position (0-based, in order of first appearance). */
  fileClass: Int32Array;
  /** Positions of the tickets of each file class, ascending. */
  fileMembers: number[][];
  /** Project class of each ticket, by position. */
  projectClass: Int32Array;
  /** Positions of the tickets of each project class, ascending. */
  projectMembers: number[][];
}

/** Group tickets into classes (see {@link FootprintClasses}): O(total footprint size). */
export function classifyFootprints(mapped: readonly MappedTicket[]): FootprintClasses {
  // File classes: a short key narrows the candidates, then the lists are compared item by item
  // (the paths are mostly the same string objects, from the file index), so no ticket builds a
  // string of all its paths.
  const byKey = new Map<string, number[]>();
  const byProjects = new Map<ReadonlyMap<string, string>, Map<string, number>>();
  const fileClass = new Int32Array(mapped.length);
  const projectClass = new Int32Array(mapped.length);
  const fileMembers: number[][] = [];
  const projectMembers: number[][] = [];
  mapped.forEach((m, i) => {
    const key = fileKey(m);
    let candidates = byKey.get(key);
    if (!candidates) byKey.set(key, (candidates = []));
    let id = candidates.find((c) => sameFileFootprint(mapped[(fileMembers[c] as number[])[0] as number] as MappedTicket, m));
    if (id === undefined) {
      id = fileMembers.length;
      candidates.push(id);
      fileMembers.push([]);
    }
    (fileMembers[id] as number[]).push(i);
    fileClass[i] = id;
    // Tickets owning the same projects share one dependents map (ProjectLookup.reachOf); the key
    // keeps both, so equal classes are equal in each.
    let sameDependents = byProjects.get(m.dependents);
    if (!sameDependents) byProjects.set(m.dependents, (sameDependents = new Map()));
    projectClass[i] = classOf(sameDependents, m.projects.join('\0'), projectMembers, i);
  });
  return { fileClass, fileMembers, projectClass, projectMembers };
}

function classOf(classes: Map<string, number>, signature: string, members: number[][], position: number): number {
  let id = classes.get(signature);
  if (id === undefined) {
    id = members.length;
    classes.set(signature, id);
    members.push([]);
  }
  (members[id] as number[]).push(position);
  return id;
}

/** A short key that tickets with the same file footprint share (paths hold no NUL). */
function fileKey(m: MappedTicket): string {
  const { files, predicted } = m;
  return `${files.length}\0${files[0] ?? ''}\0${files[files.length - 1] ?? ''}\0${predicted.length}\0${predicted[0]?.pattern ?? ''}\0${m.claimedDirs.length}\0${m.claimedDirs[0] ?? ''}\0${m.shared.length}`;
}

/** Whether two tickets have every field that `file` and `shared-file` detection and items read in common. */
function sameFileFootprint(a: MappedTicket, b: MappedTicket): boolean {
  return (
    sameList(a.files, b.files) &&
    sameList(a.claimedDirs, b.claimedDirs) &&
    sameList(a.shared, b.shared) &&
    a.predicted.length === b.predicted.length &&
    a.predicted.every((p, i) => p.pattern === b.predicted[i]?.pattern && p.base === b.predicted[i]?.base)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
