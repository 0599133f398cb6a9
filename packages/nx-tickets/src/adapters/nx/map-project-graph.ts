import type { ProjectNode } from '@nx-tickets/core';
import type { ProjectGraph } from '@nx/devkit';

/** The parts of an Nx project graph planning uses. */
export interface ProjectGraphSummary {
  projects: ProjectNode[];
  /** Project → projects it depends on (static, dynamic and implicit edges), sorted; external `npm:` nodes dropped. */
  dependencies: Record<string, string[]>;
}

/** `./libs/a/` → `libs/a`; `.` stays `.`. */
const normaliseRoot = (root: string): string => root.replaceAll('\\', '/').replace(/^\.\/(?=.)/, '').replace(/(?<=.)\/+$/, '');

/**
 * Reduce an Nx {@link ProjectGraph} (or its plain `{ name, root }` / `source → targets` form sent
 * by the graph process) to what planning needs. Edges to nodes that are not workspace projects
 * (`npm:*` external nodes) are dropped.
 */
export function mapProjectGraph(graph: Pick<ProjectGraph, 'nodes' | 'dependencies'>): ProjectGraphSummary {
  return summariseGraph(
    Object.values(graph.nodes).map((node) => ({ name: node.name, root: node.data.root })),
    Object.fromEntries(Object.entries(graph.dependencies).map(([source, edges]) => [source, edges.map((edge) => edge.target)])),
  );
}

/** Same as {@link mapProjectGraph} for the plain form. */
export function summariseGraph(nodes: ReadonlyArray<{ name: string; root: string }>, edges: Record<string, readonly string[]>): ProjectGraphSummary {
  const projects = nodes.map((node) => ({ name: node.name, root: normaliseRoot(node.root) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(projects.map((project) => project.name));
  const dependencies: Record<string, string[]> = {};
  for (const [source, targets] of Object.entries(edges)) {
    if (!names.has(source)) continue;
    const kept = [...new Set(targets.filter((target) => names.has(target) && target !== source))].sort();
    if (kept.length > 0) dependencies[source] = kept;
  }
  return { projects, dependencies };
}
