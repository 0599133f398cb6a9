import { isTicketKey, NxTicketsError, type Selection } from '@nx-tickets/core';

/** Plan output formats: the text view, the JSON document, a Mermaid diagram, a GitHub Actions matrix. */
export const PLAN_FORMATS = ['text', 'json', 'mermaid', 'github-matrix'] as const;
/** One of {@link PLAN_FORMATS}. */
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** The planning flags as the CLI and the `run-tickets` executor receive them. */
export interface PlanFlags {
  keys?: readonly (string | number)[];
  epic?: string | number;
  sprint?: string | number;
  allReady?: boolean;
  withDependencies?: boolean;
  json?: boolean;
  format?: string;
  base?: string;
  maxThreads?: number;
  /** `--shards N` with `--format github-matrix`: at most this many shards. */
  shards?: number;
}

/** What to plan and how to print it. */
export interface PlanRequest {
  selection: Selection;
  overrides: { base?: string; maxThreads?: number };
  format: PlanFormat;
  /** Shards wanted for `github-matrix` (default: the plan's threads). */
  shards?: number;
}

/** The CLI's commands, named in the hint for a word that is neither a command nor a key. */
const COMMANDS = ['plan', 'run', 'merge', 'resume', 'retry', 'clean', 'status', 'report', 'metrics'];
/** The plugin's Nx generators: `nx-tickets init` is `nx g nx-tickets:init`. */
const GENERATORS = ['init', 'ci-workflow'];

const invalid = (message: string, hint: string): NxTicketsError =>
  new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', message, { hint, exitCode: 2 });

/**
 * Check the planning flags and turn them into a {@link PlanRequest}.
 *
 * @throws NxTicketsError `NX_TICKETS_INVALID_ARGUMENTS` (exit 2) naming the offending flag or key.
 */
export function buildPlanRequest(flags: PlanFlags): PlanRequest {
  const keys = (flags.keys ?? []).map(String);
  const badKey = keys.find((key) => !isTicketKey(key));
  if (badKey !== undefined) {
    // `nx-tickets statuz`: a mistyped command reaches here as a ticket key of the default `run`.
    const word = /^[a-z][a-z-]*$/.test(badKey);
    const hint = GENERATORS.includes(badKey)
      ? `nx-tickets is set up by its Nx generator: \`nx g nx-tickets:${badKey}\`.`
      : word ? `Commands: ${COMMANDS.join(', ')} (nx-tickets --help); ticket keys look like PROJ-123 or #42.` : 'Ticket keys look like PROJ-123 or #42.';
    throw invalid(`"${badKey}" is not a ticket key${word ? ' or a command' : ''}.`, hint);
  }
  const scopes = [
    keys.length > 0 ? 'ticket keys' : undefined,
    flags.epic !== undefined ? '--epic' : undefined,
    flags.sprint !== undefined ? '--sprint' : undefined,
    flags.allReady ? '--all-ready' : undefined,
  ].filter((scope): scope is string => scope !== undefined);
  if (scopes.length === 0) {
    throw invalid('Nothing to plan: no tickets were selected.', 'Name ticket keys (PROJ-1 PROJ-2), or pass --epic KEY, --sprint current|NAME or --all-ready.');
  }
  if (scopes.length > 1) {
    throw invalid(`Choose one way to select tickets: ${scopes.join(' and ')} cannot be combined.`, 'Pass either ticket keys, --epic, --sprint or --all-ready.');
  }
  const epic = flags.epic === undefined ? undefined : String(flags.epic);
  if (epic !== undefined && !isTicketKey(epic)) {
    throw invalid(`--epic "${epic}" is not a ticket key.`, 'Pass the key of the epic ticket, e.g. --epic EPIC-10.');
  }
  const sprint = flags.sprint === undefined ? undefined : String(flags.sprint).trim();
  if (sprint === '') throw invalid('--sprint needs a value.', 'Pass --sprint current, a sprint name or a sprint id.');
  const selection: Selection = {
    keys: [...new Set(keys)],
    ...(epic === undefined ? {} : { epic }),
    ...(sprint === undefined ? {} : { sprint }),
    ...(flags.allReady ? { allReady: true } : {}),
    ...(flags.withDependencies ? { withDependencies: true } : {}),
  };
  const format = pickFormat(flags);
  if (flags.shards !== undefined) {
    if (format !== 'github-matrix') throw invalid('--shards only applies to --format github-matrix.', 'Pass --format github-matrix --shards N, or leave --shards out.');
    if (!Number.isInteger(flags.shards) || flags.shards < 1) throw invalid(`--shards ${String(flags.shards)} is not a whole number of at least 1.`, 'Pass e.g. --shards 3.');
  }
  return { selection, overrides: buildOverrides(flags), format, ...(flags.shards === undefined ? {} : { shards: flags.shards }) };
}

function buildOverrides(flags: PlanFlags): PlanRequest['overrides'] {
  const overrides: PlanRequest['overrides'] = {};
  if (flags.base !== undefined) {
    if (typeof flags.base !== 'string' || flags.base.trim() === '' || flags.base.startsWith('-')) {
      throw invalid(`--base "${String(flags.base)}" is not a branch name.`, 'Pass the branch the tickets start from, e.g. --base main.');
    }
    overrides.base = flags.base;
  }
  if (flags.maxThreads !== undefined) {
    if (!Number.isInteger(flags.maxThreads) || flags.maxThreads < 1) {
      // yargs turns a value that is not a number into NaN: do not echo that back.
      const given = Number.isNaN(flags.maxThreads) ? 'needs a number' : `${String(flags.maxThreads)} is not a whole number of at least 1`;
      throw invalid(`--max-threads ${given}.`, 'Pass a whole number of at least 1, e.g. --max-threads 3.');
    }
    overrides.maxThreads = flags.maxThreads;
  }
  return overrides;
}

function pickFormat(flags: PlanFlags): PlanFormat {
  const format = flags.format ?? (flags.json ? 'json' : 'text');
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) {
    throw invalid(`--format ${format} is not available.`, `Use one of: ${PLAN_FORMATS.join(', ')}.`);
  }
  if (flags.json && format !== 'json') {
    throw invalid(`--json and --format ${format} contradict each other.`, 'Pass only one of them.');
  }
  return format as PlanFormat;
}
