import { isTicketKey, parseEstimate, STATUSES, type InvalidTicket, type Problem, type Ticket } from '@nx-tickets/core';
import { parseDocument } from 'yaml';
import { validateWithSchema } from '../../validation/validate-with-schema.js';
import { frontMatterSchema } from './front-matter-schema.js';
import { firstHeading, splitFrontMatter } from './split-front-matter.js';

/** What {@link parseTicketFile} found in one file. */
export interface ParsedTicketFile {
  ticket: Ticket | undefined;
  /** The key written in the file, even when the file is invalid (so links to it are not reported twice). */
  key: string | undefined;
  /**
   * For an invalid file: its links and projects as far as they can be read, checked like a valid
   * ticket's, and what says whether an `--epic`, `--sprint` or `--all-ready` selection takes it.
   */
  readable?: { dependsOn: string[]; projects: string[]; membership: NonNullable<InvalidTicket['membership']> };
  errors: Problem[];
  warnings: Problem[];
}

const FIX = 'see the ticket file format in the nx-tickets README';

/** First line of a YAML error, with its line number counted in the whole file (after the opening `---`). */
function describeYamlError(error: unknown): string {
  const first = String((error as Error).message ?? error).split('\n')[0] ?? '';
  return first.replace(/ at line (\d+), column (\d+):?$/, (_m, line: string, column: string) => ` (line ${Number(line) + 1}, column ${column})`);
}

/**
 * Parse one local ticket file (YAML front matter + Markdown body) into a {@link Ticket}. Pure: the
 * text is untrusted and only parsed (YAML core schema, no custom tags); every problem is returned
 * with the file (`where`) and the field.
 *
 * @param origin workspace-relative POSIX path of the file, used as `where` and `ticket.origin`.
 * @param minutesPerDay working minutes in a day, for estimates in days.
 */
export function parseTicketFile(origin: string, text: string, minutesPerDay: number): ParsedTicketFile {
  const { frontMatter, body } = splitFrontMatter(text);
  if (frontMatter === undefined) {
    return { ticket: undefined, key: undefined, warnings: [], errors: [{ where: origin, message: `missing front matter: the file must start with a --- line, the YAML fields, and a closing --- line (${FIX})` }] };
  }
  const document = parseDocument(frontMatter, { schema: 'core', prettyErrors: true, uniqueKeys: true });
  let data: unknown;
  try {
    if (document.errors.length > 0) throw document.errors[0];
    data = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { ticket: undefined, key: undefined, warnings: [], errors: [{ where: origin, message: `malformed front matter: ${describeYamlError(error)}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ticket: undefined, key: undefined, warnings: [], errors: [{ where: origin, message: `malformed front matter: expected fields like "key: PROJ-1" (${FIX})` }] };
  }
  const result = validateWithSchema(frontMatterSchema, data);
  const key = typeof (data as Record<string, unknown>)['key'] === 'string' ? ((data as Record<string, string>)['key'] as string).trim() : undefined;
  const problem = (path: string, message: string): Problem => ({ where: origin, field: path, message, ...(key ? { ticket: key } : {}) });
  const errors = result.errors.map((issue) => problem(issue.path, issue.path === 'key' && !('key' in data) ? 'missing: every ticket needs a key like PROJ-123' : issue.message));
  const warnings = result.unknownKeys.map((issue) => problem(issue.path, 'unknown field (ignored)'));
  const value = result.value;
  const missingTitle = problem('title', 'missing: add a title field or start the body with a # heading');
  if (!value) {
    // Everything else about the file is checked too, so that one pass reports all its problems.
    const fields = data as Record<string, unknown>;
    if (fields['title'] === undefined && firstHeading(body) === undefined) errors.push(missingTitle);
    const readable = { dependsOn: readableList(fields['dependsOn']).filter(isTicketKey), projects: readableList(fields['projects']), membership: readableMembership(fields) };
    return { ticket: undefined, key, readable, errors, warnings };
  }
  const title = value.title ?? firstHeading(body);
  if (title === undefined) return { ticket: undefined, key, warnings, errors: [missingTitle] };
  const estimateMinutes = value.estimate === undefined ? undefined : parseEstimate(value.estimate, minutesPerDay);
  const ticket: Ticket = {
    key: value.key,
    title,
    type: value.type,
    status: value.status,
    priority: value.priority,
    dependsOn: [...new Set(value.dependsOn)],
    files: [...new Set(value.files)],
    projects: [...new Set(value.projects)],
    resources: value.resources,
    description: body.trim(),
    origin,
    source: 'local',
    ...(value.points === undefined ? {} : { points: value.points }),
    ...(estimateMinutes === undefined ? {} : { estimateMinutes }),
    ...(value.epic === undefined ? {} : { epic: value.epic }),
    ...(value.sprint === undefined ? {} : { sprint: value.sprint }),
    ...(value.command === undefined ? {} : { command: value.command }),
    ...(value.assignee === undefined ? {} : { assignee: value.assignee }),
    ...(value.memoryMb === undefined ? {} : { memoryMb: value.memoryMb }),
  };
  return { ticket, key: ticket.key, errors, warnings };
}

/** The non-empty strings of a list field (or of one value written without brackets), trimmed. */
function readableList(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return [...new Set(items.flatMap((item) => (typeof item === 'string' && item.trim() !== '' ? [item.trim()] : [])))];
}

/** An invalid file's epic, sprint and status where they can be read (see `InvalidTicket.membership`). */
function readableMembership(fields: Record<string, unknown>): NonNullable<InvalidTicket['membership']> {
  const text = (name: string): string | null | undefined => {
    // Absent: it has none. An empty `epic:` (null) is not a value the schema takes: unknown.
    const value = fields[name];
    if (value === undefined) return null;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const status = text('status');
  const membership: NonNullable<InvalidTicket['membership']> = {};
  const epic = text('epic');
  const sprint = text('sprint');
  if (epic !== undefined) membership.epic = epic;
  if (sprint !== undefined) membership.sprint = sprint;
  // The schema's default is `ready`; a value it would refuse leaves the status unknown.
  if (status === null) membership.status = 'ready';
  else if (status !== undefined && (STATUSES as readonly string[]).includes(status)) membership.status = status;
  return membership;
}
