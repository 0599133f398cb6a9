/**
 * What planning needs to know about the workspace, gathered by the adapters (git file index, Nx
 * project graph, CODEOWNERS) and handed to the pure core.
 */

/** One Nx project as planning sees it. */
export interface ProjectNode {
  name: string;
  /** Workspace-relative root, POSIX, no trailing slash; `.` or `` for the root project. */
  root: string;
}

/** One CODEOWNERS rule, in file order (later rules win, GitHub semantics). */
export interface CodeownersRule {
  /** The pattern as written (gitignore-like). */
  pattern: string;
  /** Owners as written: `@org/team`, `@user`, `user@example.com`. May be empty (un-owns). */
  owners: string[];
}

/** Files an existing ticket branch already changed against its merge-base with the base branch. */
export interface TicketBranchDiff {
  /** The branch name, e.g. `feature/PROJ-123-avatar` or `origin/feature/PROJ-123-avatar`. */
  branch: string;
  /** A branch of this repository (`refs/heads/…`), not a remote-tracking one: a run works on it. */
  local?: boolean;
  files: string[];
}

/** The workspace as planning needs it. Pure data. */
export interface WorkspaceModel {
  /**
   * Every file in the workspace (tracked plus untracked, not ignored), workspace-relative, POSIX.
   * Order does not matter; planning sorts it once.
   */
  files: string[];
  /** Nx projects; empty when the project graph could not be computed. */
  projects: ProjectNode[];
  /**
   * Project graph edges: `dependencies[a]` lists the projects `a` depends on (static, dynamic and
   * implicit dependencies alike). Projects without dependencies may be absent.
   */
  dependencies: Record<string, string[]>;
  /** CODEOWNERS rules in file order; empty when there is no CODEOWNERS file. */
  codeowners: CodeownersRule[];
  /** Existing ticket branches per ticket key. */
  branchDiffs: Record<string, TicketBranchDiff>;
  /** Why something could not be read (e.g. the project graph), as warnings for the plan. */
  warnings: string[];
}
