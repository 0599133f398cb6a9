import type { ProjectNode } from '../workspace/workspace-model.js';

/**
 * Projects by root and the reverse project graph, for owning/affected look-ups.
 * Owning project of a file = the project whose root is the longest prefix of it.
 */
export class ProjectLookup {
  private readonly byRoot = new Map<string, string>();
  private readonly rootOf = new Map<string, string>();
  private readonly dependents = new Map<string, string[]>();
  private readonly dependencies: Readonly<Record<string, readonly string[]>>;
  private readonly dirOwner = new Map<string, string | undefined>();
  private readonly pathOwner = new Map<string, string | undefined>();
  private readonly reach = new Map<string, { dependents: ReadonlyMap<string, string>; affected: readonly string[] }>();

  /**
   * @param projects Nx projects (roots `.` or `` mean the workspace root).
   * @param dependencies `dependencies[a]` = projects `a` depends on.
   */
  constructor(projects: readonly ProjectNode[], dependencies: Readonly<Record<string, readonly string[]>>) {
    for (const project of projects) {
      const root = normaliseRoot(project.root);
      this.byRoot.set(root, project.name);
      this.rootOf.set(project.name, root);
    }
    this.dependencies = dependencies;
    for (const [from, targets] of Object.entries(dependencies)) {
      for (const to of targets) {
        if (to === from || !this.rootOf.has(to)) continue;
        const list = this.dependents.get(to);
        if (list) list.push(from);
        else this.dependents.set(to, [from]);
      }
    }
  }

  /** Whether a project of that name exists. */
  has(name: string): boolean {
    return this.rootOf.has(name);
  }

  /** Workspace-relative root of a project (`''` for the root project). */
  root(name: string): string | undefined {
    return this.rootOf.get(name);
  }

  /** The owning project of a file or folder, if any. Memoised per path: tickets touch the same files. */
  owner(path: string): string | undefined {
    if (this.pathOwner.has(path)) return this.pathOwner.get(path);
    let own = this.byRoot.get(path);
    if (own === undefined && path !== '') own = this.ownerOfFolder(path.slice(0, Math.max(0, path.lastIndexOf('/'))));
    this.pathOwner.set(path, own);
    return own;
  }

  /** Owner of a folder, memoised per folder (files of one folder share it). */
  private ownerOfFolder(dir: string): string | undefined {
    if (this.dirOwner.has(dir)) return this.dirOwner.get(dir);
    const owner = this.byRoot.get(dir) ?? (dir === '' ? undefined : this.ownerOfFolder(dir.slice(0, Math.max(0, dir.lastIndexOf('/')))));
    this.dirOwner.set(dir, owner);
    return owner;
  }

  /** Whether `from` depends on `to` directly. */
  dependsDirectly(from: string, to: string): boolean {
    return this.dependencies[from]?.includes(to) ?? false;
  }

  /**
   * Every project that depends, directly or not, on one of `owned` (excluding `owned` itself),
   * with the owned project it was reached from (`dependents`: dependent → owned project), and the
   * sorted union of both (`affected`). Memoised per set of owned projects: tickets owning the same
   * projects share one result, which callers must not change.
   */
  reachOf(owned: Iterable<string>): { dependents: ReadonlyMap<string, string>; affected: readonly string[] } {
    const ownedSet = new Set(owned);
    const id = [...ownedSet].sort().join('\0');
    const known = this.reach.get(id);
    if (known) return known;
    const dependents = new Map<string, string>();
    const queue: Array<[string, string]> = [...ownedSet].map((p) => [p, p]);
    for (let head = 0; head < queue.length; head += 1) {
      const [project, origin] = queue[head] as [string, string];
      for (const dependent of this.dependents.get(project) ?? []) {
        if (ownedSet.has(dependent) || dependents.has(dependent)) continue;
        dependents.set(dependent, origin);
        queue.push([dependent, origin]);
      }
    }
    const result = { dependents, affected: [...new Set([...ownedSet, ...dependents.keys()])].sort() };
    this.reach.set(id, result);
    return result;
  }
}

function normaliseRoot(root: string): string {
  const trimmed = root.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return trimmed;
}
