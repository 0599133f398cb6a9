import {
  type Ticket, buildPlan, formatProblem, singleLineText, splitTicketProblems, learnEstimates, selectTickets, ValidationError, type Plan, type Problem, type Selection, type TicketSource, type WorkspaceModel } from '@nx-tickets/core';
import { readFileIndex } from '../adapters/git/read-file-index.js';
import { readMergedTickets } from '../adapters/git/read-merged-tickets.js';
import { readTicketBranchDiffs } from '../adapters/git/read-ticket-branch-diffs.js';
import { createTicketSource } from '../adapters/create-ticket-source.js';
import { readCodeowners } from '../adapters/nx/read-codeowners.js';
import { readProjectGraph, type ProjectGraph } from '../adapters/nx/read-project-graph.js';
import type { ResolvedConfig } from '../config/config-schema.js';
import { readConfig, type ReadConfigResult } from '../config/read-config.js';
import { toPlanningOptions } from '../config/to-planning-options.js';
import { HISTORY_FILE, readHistory } from '../history/history-file.js';
import { checkTicketProjects } from './check-ticket-projects.js';
import { findUncommittedCommandFiles } from './find-uncommitted-command-files.js';
import { localDate } from './local-date.js';

/** Input of {@link createPlan}. */
export interface CreatePlanInput {
  /** Absolute workspace root (the folder with nx.json). */
  root: string;
  selection: Selection;
  /** CLI flags that win over the config: `--base`, `--max-threads`. */
  overrides?: { base?: string; maxThreads?: number };
  /** The project graph when Nx already computed it (an executor's `context.projectGraph`). */
  projectGraph?: ProjectGraph;
  /**
   * Plan as every CI runner must, so the matrix, each shard and the merge job agree: remote ticket
   * branches (which shards push meanwhile) are not read, and no estimate is learned from this
   * machine's run history (a shard run adds to it). Default false.
   */
  sharded?: boolean;
  /** YYYY-MM-DD, default: local date now */
  today?: string;
  /**
   * The configuration the caller read already (`readConfig`), so a command reads it once: the pool
   * it starts, the plan and the run all use the same. Default: read from `root` here.
   */
  config?: ReadConfigResult;
}

/** What {@link createPlan} returns. */
export interface CreatePlanResult {
  /** The plan; config and ticket warnings are also appended to `plan.warnings` as sentences. */
  plan: Plan;
  config: ResolvedConfig;
  /** Config, ticket and selection warnings (unknown keys and fields, dangling links, …). */
  warnings: Problem[];
  /** The selected tickets, as the source returned them (for running them). */
  tickets: Ticket[];
}

/**
 * Plan the selected tickets against the workspace: read the config (unless given), fetch and validate the tickets
 * (a ticket whose `Ticket:` trailer is already on the base branch counts as done: its run merged it),
 * apply the selection, read the file index, ticket branches, project graph and CODEOWNERS in
 * parallel, and build the plan. Nothing in the workspace is changed.
 *
 * @throws ValidationError `NX_TICKETS_INVALID_INPUT` (exit 2), once, listing every problem, each
 *   ticket's together: invalid ticket files the selection involves (named, or depended on; any with
 *   `--epic`, `--sprint`, `--all-ready`), the selection errors (unknown keys, done tickets, cycles)
 *   and the `projects` of those tickets that the project graph does not know (the graph is read
 *   for that even when other problems were found). Invalid config keys throw earlier
 *   (`readConfig`). Invalid ticket files the selection does not involve are warnings (see `splitTicketProblems`).
 * @throws NxTicketsError (exit 2): `NX_TICKETS_INVALID_CONFIG` (malformed nx.json / nx-tickets.json),
 *   `NX_TICKETS_SOURCE_UNSUPPORTED` (non-local source), `NX_TICKETS_SOURCE_NOT_FOUND` (no ticket folder).
 */
export async function createPlan(input: CreatePlanInput): Promise<CreatePlanResult> {
  const { root } = input;
  const today = input.today ?? localDate();
  const { config, warnings: configWarnings } = input.config ?? (await readConfig(root));
  const options = toPlanningOptions(config, { ...input.overrides, today });
  const batch = await (await createTicketSource(root, config, { minutesPerDay: options.minutesPerDay })).fetchTickets(input.selection);
  const merged = await readMergedTickets(root, options.base);
  const tickets = batch.tickets.map((t) => ({
    ...t,
    // Titles are printed and become commit subjects: no control characters from an untrusted source.
    title: singleLineText(t.title),
    ...(merged.has(t.key) && t.status !== 'done' ? { status: 'done' as const } : {}),
  }));
  const selected = selectTickets(tickets, input.selection, { today, sprints: batch.sprints });
  // Problems of tickets the selection does not involve do not stop it: they are warnings.
  const problems = splitTicketProblems(batch.errors, batch.tickets, input.selection, {
    selected: selected.selected.map((t) => t.key),
    ...(selected.scope?.kind === 'sprint' ? { sprintName: selected.scope.name } : {}),
    ...(batch.invalid ? { invalid: batch.invalid } : {}),
  });
  const brokenKeys = new Set(problems.blocking.flatMap((p) => (p.ticket === undefined ? [] : [p.ticket])));
  for (const problem of selected.errors) {
    const sha = problem.ticket === undefined ? undefined : merged.get(problem.ticket);
    if (sha && problem.message.includes(' is done')) problem.message += ` (a run merged it into ${options.base} in ${sha.slice(0, 10)})`;
  }
  // One pass: the ticket files' problems and the selection's, in one error. "unknown ticket" for a
  // ticket whose file is invalid is said better by the file's own problem.
  const selectionErrors = selected.errors.filter((p) => p.ticket === undefined || !brokenKeys.has(p.ticket));
  const keys = selected.selected.map((ticket) => ticket.key);
  if (problems.blocking.length > 0 || selectionErrors.length > 0) {
    // The projects of the tickets in the error are checked too, so the user learns everything at once.
    const named = [...selected.selected, ...batch.tickets.filter((t) => brokenKeys.has(t.key) && !keys.includes(t.key)), ...(batch.invalid ?? []).filter((t) => brokenKeys.has(t.key))];
    const graph = named.some((t) => t.projects.length > 0) ? await readProjectGraph(root, input.projectGraph) : undefined;
    throw ticketProblemsError(problems.blocking, selectionErrors, graph && graph.projects.length > 0 ? checkTicketProjects(named, graph.projects) : []);
  }
  // Commands that run a file the base branch does not hold fail in every worktree: say so now.
  const commands = [...(config.implement.command ? [{ argv: config.implement.command }] : []), ...selected.selected.flatMap((t) => (t.command ? [{ argv: t.command, ticket: t.key }] : []))];
  const [fileIndex, branches, graph, codeowners, history, commandWarnings] = await Promise.all([
    readFileIndex(root),
    readTicketBranchDiffs(root, keys, options.base, input.sharded ? { remote: false } : {}),
    readProjectGraph(root, input.projectGraph),
    readCodeowners(root),
    // Learned estimates are a refinement: an unreadable history is a warning, not a failed plan.
    readHistory(root).catch((error: Error) => ({ entries: [], skippedLines: [], unreadable: error.message })),
    findUncommittedCommandFiles(root, options.base, commands),
  ]);
  // Durations of earlier runs replace the default estimate of tickets that have none.
  if (history.entries.length > 0 && !input.sharded) options.learnedEstimates = learnEstimates(history.entries);
  if (graph.projects.length > 0) {
    const unknown = checkTicketProjects(selected.selected, graph.projects);
    if (unknown.length > 0) throw ticketProblemsError([], [], unknown);
  }
  const workspace: WorkspaceModel = {
    files: fileIndex.files,
    projects: graph.projects,
    dependencies: graph.dependencies,
    codeowners,
    branchDiffs: branches.diffs,
    warnings: [...fileIndex.warnings, ...graph.warnings, ...branches.warnings, ...(history.skippedLines.length > 0 ? [`${HISTORY_FILE}: skipped unreadable line(s) ${history.skippedLines.join(', ')}`] : []), ...('unreadable' in history ? [`${HISTORY_FILE} could not be read (${history.unreadable}); estimates are not learned from earlier runs`] : [])],
  };
  const plan = buildPlan({ tickets: selected.selected, workspace, options, ...(selected.scope ? { scope: selected.scope } : {}) });
  const skipped = problems.skipped.map((p) => ({ ...p, message: `${p.message} (skipped: the selection does not involve ${p.ticket ?? 'this ticket'})` }));
  const warnings = [...configWarnings, ...skipped, ...batch.warnings, ...selected.warnings, ...commandWarnings];
  plan.warnings.push(...warnings.map(formatProblem));
  return { plan, config, warnings, tickets: selected.selected };
}

/**
 * The one error listing every problem found: the ticket files', the selection's and the unknown
 * projects, each ticket's together (in the order its first problem was found). Only selection
 * problems keep the selection's own summary.
 */
function ticketProblemsError(files: readonly Problem[], selection: readonly Problem[], projects: readonly Problem[]): ValidationError {
  if (files.length === 0 && projects.length === 0) {
    return new ValidationError('The selection cannot be planned:', [...selection], 'Fix the selection or the tickets listed above and run the command again.');
  }
  const groups = new Map<string, Map<string, Problem>>();
  for (const problem of [...files, ...selection, ...projects]) {
    const group = groups.get(problem.ticket ?? problem.where) ?? new Map<string, Problem>();
    // Two files with one key may say the same thing twice: once is enough.
    group.set(formatProblem(problem), problem);
    groups.set(problem.ticket ?? problem.where, group);
  }
  const all = [...groups.values()].flatMap((group) => [...group.values()]);
  return new ValidationError(
    `Found ${all.length} problem(s) in the tickets:`,
    all,
    'Fix the tickets listed above and run the command again: the ticket file format is in the nx-tickets README; project names are those `nx show projects` lists.',
  );
}
