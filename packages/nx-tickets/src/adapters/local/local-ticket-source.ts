import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { NxTicketsError, type InvalidTicket, type Problem, type Selection, type SprintWindow, type Ticket, type TicketBatch, type TicketSource } from '@nx-tickets/core';
import { checkTicketLinks } from './check-ticket-links.js';
import { parseTicketFile } from './parse-ticket-file.js';

/** Options of {@link LocalTicketSource}. */
export interface LocalTicketSourceOptions {
  /** Absolute workspace root. */
  root: string;
  /** Workspace-relative folder holding the ticket files (config `source.dir`), default `tickets`. */
  dir?: string;
  /** Working minutes in a day, for estimates in days (default 480). */
  minutesPerDay?: number;
  /** Sprints from the config, returned with every batch. */
  sprints?: SprintWindow[];
}

/** Ticket files are `*.md` below the folder; `README.md` files describe the folder and are skipped. */
const isTicketFile = (name: string): boolean => name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md';

/** The key a ticket file's name says: `tickets/web/PROJ-1.md` → `PROJ-1`. */
const fileKey = (origin: string): string => (origin.split('/').at(-1) as string).replace(/\.md$/i, '');

/**
 * The embedded ticket source: Markdown files with YAML front matter under `<root>/<dir>/` (searched
 * recursively; symlinks are not followed). Every file is read on each fetch — the selection is
 * applied by the core. Problems in single files are returned as data in the batch, each with the
 * `ticket` it concerns: the file's key, or, when that cannot be read, the key its file name says.
 */
export class LocalTicketSource implements TicketSource {
  readonly type = 'local' as const;
  private readonly root: string;
  private readonly dir: string;
  private readonly minutesPerDay: number;
  private readonly sprints: SprintWindow[];

  constructor(options: LocalTicketSourceOptions) {
    this.root = options.root;
    this.dir = options.dir ?? 'tickets';
    this.minutesPerDay = options.minutesPerDay ?? 480;
    this.sprints = options.sprints ?? [];
  }

  /**
   * Read and validate every ticket file.
   *
   * @throws NxTicketsError `NX_TICKETS_SOURCE_NOT_FOUND` (exit 2) when the folder does not exist or
   *   cannot be read.
   */
  async fetchTickets(_selection?: Selection, options: { signal?: AbortSignal } = {}): Promise<TicketBatch> {
    const folder = join(this.root, this.dir);
    let entries;
    try {
      entries = await readdir(folder, { recursive: true, withFileTypes: true });
    } catch (error) {
      throw new NxTicketsError('NX_TICKETS_SOURCE_NOT_FOUND', `The ticket folder ${this.dir}/ could not be read: ${(error as Error).message}.`, {
        cause: error,
        hint: `Create ${this.dir}/<KEY>.md ticket files (nx g nx-tickets:init writes an example) or set options.source.dir in nx.json.`,
      });
    }
    const files = entries
      .filter((entry) => entry.isFile() && isTicketFile(entry.name))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort();
    const errors: Problem[] = [];
    const warnings: Problem[] = [];
    const parsed: Ticket[] = [];
    const invalid: InvalidTicket[] = [];
    for (const origin of files) {
      options.signal?.throwIfAborted();
      const result = parseTicketFile(origin, await readFile(join(this.root, origin), 'utf8'), this.minutesPerDay);
      // A file whose key cannot be read is taken for the ticket its name says (`tickets/PROJ-1.md`).
      const key = result.key ?? fileKey(origin);
      errors.push(...result.errors.map((problem) => (problem.ticket === undefined ? { ...problem, ticket: key } : problem)));
      warnings.push(...result.warnings);
      if (result.ticket) parsed.push(result.ticket);
      else invalid.push({ key, origin, dependsOn: result.readable?.dependsOn ?? [], projects: result.readable?.projects ?? [], ...(result.readable ? { membership: result.readable.membership } : {}) });
    }
    const checked = checkTicketLinks(parsed, invalid);
    return { tickets: checked.tickets, sprints: this.sprints, errors: [...errors, ...checked.errors], warnings: [...warnings, ...checked.warnings], invalid };
  }
}
