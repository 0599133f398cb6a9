import type { ProjectNode } from '../workspace/workspace-model.js';
import { ancestorsOf } from './workspace-path.js';

/**
 * Projects by root and the reverse project graph, for owning/affected look-ups.
 * Owning project of a file = the project whose root is the longest prefix of it.
 */
export class ProjectLookup {
  private readonly byRoot = new Map<string, string>();
  private readonly rootOf = new Map<string, string>();
  private readonly dependents = new Map<string, string[]>();
  private readonly dependencies: Readonly<Record<string, readonly string[]>>;

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

  /** The owning project of a file or folder, if any. */
  owner(path: string): string | undefined {
    const own = this.byRoot.get(path);
    if (own !== undefined) return own;
    for (const dir of ancestorsOf(path)) {
      const name = this.byRoot.get(dir);
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /** Whether `from` depends on `to` directly. */
  dependsDirectly(from: string, to: string): boolean {
    return this.dependencies[from]?.includes(to) ?? false;
  }

  /**
   * Every project that depends, directly or not, on one of `owned` (excluding `owned` itself),
   * with the owned project it was reached from: `Map<dependent, owned project>`.
   */
  dependentsOf(owned: Iterable<string>): Map<string, string> {
    const reached = new Map<string, string>();
    const ownedSet = new Set(owned);
    const queue: Array<[string, string]> = [...ownedSet].map((p) => [p, p]);
    for (let head = 0; head < queue.length; head += 1) {
      const [project, origin] = queue[head] as [string, string];
      for (const dependent of this.dependents.get(project) ?? []) {
        if (ownedSet.has(dependent) || reached.has(dependent)) continue;
        reached.set(dependent, origin);
        queue.push([dependent, origin]);
      }
    }
    return reached;
  }
}

function normaliseRoot(root: string): string {
  const trimmed = root.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return trimmed;
}
