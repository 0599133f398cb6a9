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
  const byFiles = new Map<string, number>();
  const byProjects = new Map<ReadonlyMap<string, string>, Map<string, number>>();
  const fileClass = new Int32Array(mapped.length);
  const projectClass = new Int32Array(mapped.length);
  const fileMembers: number[][] = [];
  const projectMembers: number[][] = [];
  mapped.forEach((m, i) => {
    fileClass[i] = classOf(byFiles, fileSignature(m), fileMembers, i);
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

/** Every field that `file` and `shared-file` detection and items read, counted and joined (paths hold no NUL). */
function fileSignature(m: MappedTicket): string {
  const lists = [m.files, m.predicted.flatMap((p) => [p.pattern, p.base]), m.claimedDirs, m.shared];
  return `${lists.map((list) => list.length).join(',')}\0${lists.map((list) => list.join('\0')).join('\0')}`;
}
