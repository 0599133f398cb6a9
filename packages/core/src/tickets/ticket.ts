/**
 * The ticket model shared by every source (local files, Jira, GitHub). Sources map their own
 * records to this shape; nothing outside a source adapter sees a vendor type.
 */

/** Priorities, highest first. Sources map theirs onto these five (Jira uses the same names). */
export const PRIORITIES = ['highest', 'high', 'medium', 'low', 'lowest'] as const;
/** One of {@link PRIORITIES}. */
export type Priority = (typeof PRIORITIES)[number];

/** Normalised workflow status. `done` tickets are never planned; `blocked` ones are planned but flagged. */
export const STATUSES = ['ready', 'in-progress', 'done', 'blocked'] as const;
/** One of {@link STATUSES}. */
export type TicketStatus = (typeof STATUSES)[number];

/** Where a ticket came from. */
export type TicketSourceType = 'local' | 'jira' | 'github';

/**
 * One unit of work.
 *
 * Paths are workspace-relative, POSIX separators, never absolute and never leaving the workspace
 * (sources validate that before building a Ticket).
 */
export interface Ticket {
  /** Unique key: `PROJ-123`, `#42`. */
  key: string;
  title: string;
  /** `feature`, `bug`, `docs`, `chore`, `epic`, … (free text, lower case). */
  type: string;
  status: TicketStatus;
  priority: Priority;
  /** Story points, when known. */
  points?: number;
  /** Estimate in minutes, when known. */
  estimateMinutes?: number;
  /** Key of the epic this ticket belongs to. */
  epic?: string;
  /** Name of the sprint this ticket belongs to. */
  sprint?: string;
  /** Keys of tickets that must be done before this one. */
  dependsOn: string[];
  /** Globs or paths (micromatch syntax) the ticket says it touches. */
  files: string[];
  /** Nx project names the ticket says it touches. */
  projects: string[];
  /**
   * Labels (and unmapped components) from a tracker. A label that is exactly the name of an Nx
   * project counts as a named project; any other label is ignored (no error, unlike `projects`).
   */
  labels?: string[];
  /** Named resources the ticket holds while it runs, e.g. `{ database: 1 }`. */
  resources: Record<string, number>;
  /** Free text (Markdown or plain); paths and file names in it are used for mapping. */
  description: string;
  /** Per-ticket implement command (argv, no shell) overriding the configured one. */
  command?: string[];
  /** Memory its commands may use, MiB: the watchdog kills them above it; admission waits for it. */
  memoryMb?: number;
  /** Who the ticket is assigned to, when the source knows. */
  assignee?: string;
  /** Where the ticket lives: a workspace-relative file for local tickets, a URL for Jira/GitHub. */
  origin?: string;
  source: TicketSourceType;
}

/** A key: `PROJ-123` (upper-case project, dash, number) or `#42`. */
export const TICKET_KEY_PATTERN = /^(?:[A-Z][A-Z0-9_]*-\d+|#\d+)$/;

/** Whether `key` is a well-formed ticket key (see {@link TICKET_KEY_PATTERN}). */
export function isTicketKey(key: string): boolean {
  return TICKET_KEY_PATTERN.test(key);
}

/** Rank of a priority, 0 = highest. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}
