import type { Problem } from '../errors/nx-tickets-error.js';
import type { SprintWindow } from '../planning/planning-options.js';
import type { Selection } from '../tickets/selection.js';
import type { Ticket, TicketSourceType } from '../tickets/ticket.js';

/**
 * Port: where tickets come from. Adapters: `LocalTicketSource` (Markdown files), later
 * `JiraTicketSource` and `GitHubTicketSource`. No vendor type crosses this interface.
 */
export interface TicketSource {
  readonly type: TicketSourceType;
  /**
   * Fetch the tickets a selection needs: the candidates it names (including done ones, for the
   * completion view), and enough of their dependencies to check links and `--with-dependencies`.
   * Selection rules themselves are applied by the core (`selectTickets`).
   *
   * @throws NxTicketsError for unreadable sources (exit 2); problems in single tickets are returned.
   */
  fetchTickets(selection: Selection, options?: { signal?: AbortSignal }): Promise<TicketBatch>;
}

/** What a source returns. */
export interface TicketBatch {
  tickets: Ticket[];
  /** Sprints the source knows (config `sprints:` for local tickets, the board's for Jira). */
  sprints: SprintWindow[];
  /** Invalid ticket files and the like: the shell throws once if any. */
  errors: Problem[];
  warnings: Problem[];
  /**
   * Tickets that failed validation (their problems are in `errors`), with the links and projects
   * that could still be read, so that their other problems (an unknown project) are found in the
   * same pass. Sources that keep no invalid tickets leave it out.
   */
  invalid?: InvalidTicket[];
}

/** What could still be read from a ticket that failed validation. */
export interface InvalidTicket {
  /** Its key, or the key its file name says when the key cannot be read. */
  key: string;
  /** Where it came from (a workspace-relative file), when it has one. */
  origin?: string;
  /** The well-formed keys of its `dependsOn`. */
  dependsOn: string[];
  /** The non-empty names of its `projects`. */
  projects: string[];
  /**
   * What says whether an `--epic`, `--sprint` or `--all-ready` selection takes it: its `epic` and
   * `sprint` as written (`null`: it has none), its status (`ready` when it sets none). A field left
   * out here could not be read, so the ticket may belong to any such selection.
   */
  membership?: { epic?: string | null; sprint?: string | null; status?: string };
}
