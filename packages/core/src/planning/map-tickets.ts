import type { Ticket } from '../tickets/ticket.js';
import type { WorkspaceModel } from '../workspace/workspace-model.js';
import { CodeownersMatcher } from './codeowners-matcher.js';
import { buildGlobMatcher } from './build-glob-matcher.js';
import { FileIndex } from './file-index.js';
import { findMentionedPaths } from './find-mentioned-paths.js';
import { ProjectLookup } from './project-lookup.js';
import { isWorkspacePath } from './workspace-path.js';
import micromatch from 'micromatch';

/** A glob or path from `files` that matches nothing yet: a predicted new path below `base`. */
export interface PredictedPath {
  pattern: string;
  /** Static folder prefix of the pattern (for a plain path, the path itself). */
  base: string;
}

/** One ticket mapped onto the workspace. Internal to planning. */
export interface MappedTicket {
  ticket: Ticket;
  /** Existing (or branch-diffed) files touched, sorted. */
  files: string[];
  predicted: PredictedPath[];
  /** Folders claimed as a whole: bases of matching globs and named projects' roots. */
  claimedDirs: string[];
  /** Touched files and predicted patterns that are workspace-wide (shared) files. */
  shared: string[];
  projects: string[];
  /** Dependents of the owning projects → the owning project they depend on (shared between tickets: read only). */
  dependents: ReadonlyMap<string, string>;
  /** Owning and dependent projects, sorted (shared between tickets: read only). */
  affected: readonly string[];
  owners: string[];
  footprint: 'known' | 'unknown';
  branch?: string;
  localBranch?: boolean;
}

/** Shared state for mapping many tickets against one workspace. */
export interface MappingContext {
  index: FileIndex;
  projects: ProjectLookup;
  owners: CodeownersMatcher;
  isShared: (path: string) => boolean;
  /** Files a project owns (below its root, not in a nested project), memoised: read only. */
  filesOf: (project: string) => readonly string[];
}

/** Build the indexes once per plan: O(files log files + projects + rules). */
export function buildMappingContext(workspace: WorkspaceModel, sharedFiles: readonly string[]): MappingContext {
  const index = new FileIndex(workspace.files);
  const projects = new ProjectLookup(workspace.projects, workspace.dependencies);
  const owned = new Map<string, string[]>();
  const filesOf = (name: string): readonly string[] => {
    let files = owned.get(name);
    if (!files) owned.set(name, (files = index.filesUnder(projects.root(name) ?? '').filter((file) => projects.owner(file) === name)));
    return files;
  };
  return { index, projects, owners: new CodeownersMatcher(workspace.codeowners), isShared: buildGlobMatcher(sharedFiles), filesOf };
}

/**
 * Map one ticket to touched files, predicted paths, owning/affected projects and owners — the
 * union of its `files` globs, named `projects` (and `labels` that name a project), paths mentioned in title and description, and the
 * diff of an existing ticket branch. Warnings (ambiguous names, unsafe paths) go to `warn`.
 */
export function mapTicket(ticket: Ticket, workspace: WorkspaceModel, context: MappingContext, warn: (message: string) => void): MappedTicket {
  const { index, projects } = context;
  const files = new Set<string>();
  const predicted: PredictedPath[] = [];
  const claimedDirs: string[] = [];
  for (const pattern of ticket.files) {
    if (!isWorkspacePath(pattern)) {
      warn(`${ticket.key}: path "${pattern}" leaves the workspace and is ignored`);
      continue;
    }
    const found = index.match(pattern);
    if (found.files.length === 0) {
      if (found.base === '') warn(`${ticket.key}: "${pattern}" matches no file and names no folder, so it cannot be placed`);
      else predicted.push({ pattern, base: found.base });
      continue;
    }
    for (const file of found.files) files.add(file);
    if (found.isGlob || !index.has(found.base)) claimedDirs.push(found.base);
  }
  // Named projects, plus labels that are exactly a project name (other labels are not projects).
  const named = [...new Set([...ticket.projects, ...(ticket.labels ?? []).filter((label) => projects.has(label))])];
  for (const name of named) {
    const root = projects.root(name);
    if (root === undefined) {
      warn(`${ticket.key}: project "${name}" is not in the project graph and is ignored`);
      continue;
    }
    for (const file of context.filesOf(name)) files.add(file);
    claimedDirs.push(root);
  }
  const mentioned = findMentionedPaths(`${ticket.title}\n${ticket.description}`, index);
  for (const file of mentioned.files) files.add(file);
  for (const { name, files: all } of mentioned.ambiguous) {
    warn(`${ticket.key}: "${name}" names ${all.length} files (${all.slice(0, 5).join(', ')}${all.length > 5 ? ', …' : ''}); all of them are used`);
  }
  const branch = workspace.branchDiffs[ticket.key];
  for (const file of branch?.files ?? []) if (isWorkspacePath(file)) files.add(file);

  const sortedFiles = [...files].sort(); // by UTF-16 code units (see compareCodeUnits)
  const owning = new Set<string>(named.filter((p) => projects.has(p)));
  for (const file of sortedFiles) addOwner(owning, projects.owner(file));
  for (const path of predicted) addOwner(owning, projects.owner(path.base));
  const { dependents, affected } = projects.reachOf(owning);
  const ownerSet = new Set<string>();
  for (const file of sortedFiles) for (const owner of context.owners.ownersOf(file)) ownerSet.add(owner);
  const shared = [
    ...sortedFiles.filter((f) => context.isShared(f)),
    ...predicted.filter((p) => context.isShared(p.pattern)).map((p) => p.pattern),
  ];
  const known = sortedFiles.length > 0 || predicted.length > 0 || owning.size > 0;
  return {
    ticket,
    files: sortedFiles,
    predicted,
    claimedDirs,
    shared,
    projects: [...owning].sort(),
    dependents,
    affected,
    owners: [...ownerSet].sort(),
    footprint: known ? 'known' : 'unknown',
    ...(branch ? { branch: branch.branch, ...(branch.local ? { localBranch: true } : {}) } : {}),
  };
}

function addOwner(set: Set<string>, owner: string | undefined): void {
  if (owner !== undefined) set.add(owner);
}
