import { NxTicketsError } from '../errors/nx-tickets-error.js';
import { findLearnedEstimate, type LearnedEstimate } from '../history/learn-estimates.js';
import type { SelectionScope } from '../tickets/select-tickets.js';
import type { Ticket } from '../tickets/ticket.js';
import type { WorkspaceModel } from '../workspace/workspace-model.js';
import { buildCompletion } from './build-completion.js';
import { detectOverlapRows, OVERLAP_KIND_BIT, type OverlapRows } from './detect-overlaps.js';
import { classifyFootprints, type FootprintClasses } from './footprint-classes.js';
import { buildMappingContext, mapTicket, type MappedTicket } from './map-tickets.js';
import { orderTickets } from './order-tickets.js';
import { OverlapExplainer } from './overlap-explainer.js';
import { OVERLAP_KINDS, type Overlap, type OverlapKind, type Plan, type PlannedTicket } from './plan.js';
import type { PlanningOptions } from './planning-options.js';
import { bottomLevels, buildBatches, buildPrecedenceGraph, criticalPath } from './precedence-graph.js';
import { simulateSchedule } from './simulate-schedule.js';

/** Input of {@link buildPlan}. */
export interface BuildPlanInput {
  /** The selected, open tickets (see `selectTickets`). */
  tickets: readonly Ticket[];
  workspace: WorkspaceModel;
  options: PlanningOptions;
  /** The epic or sprint the tickets were selected from, for the completion view. */
  scope?: SelectionScope;
}

/**
 * Plan tickets: map each onto files and projects, detect overlaps with inverted indexes, order them
 * (dependencies, then conflicts by priority, then key), group them in batches and simulate the
 * schedule on `maxThreads` threads. Pure and deterministic.
 *
 * @throws NxTicketsError `NX_TICKETS_DEPENDENCY_CYCLE` when `dependsOn` links form a cycle
 *   (`selectTickets` reports cycles first, so the shell normally never sees this).
 */
export function buildPlan(input: BuildPlanInput): Plan {
  const { options, workspace } = input;
  const warnings = [...workspace.warnings];
  const ordered = orderOrThrow(input.tickets);
  const context = buildMappingContext(workspace, options.sharedFiles);
  const mapped = ordered.map((ticket) => mapTicket(ticket, workspace, context, (m) => warnings.push(m)));
  const rootProject = context.projects.owner('');
  const n = mapped.length;
  const classes = classifyFootprints(mapped);
  // Each ticket's partners after it, ascending, with the kinds they share.
  const rows = detectOverlapRows(mapped, rootProject, classes);
  const conflictKinds = new Set(options.conflictKinds);
  const conflictMask = options.conflictKinds.reduce((mask, kind) => mask | OVERLAP_KIND_BIT[kind], 0);
  // Conflicts force an order: flat [earlier, later] position pairs for the precedence graph.
  const edges: number[] = [];
  for (let a = 0; a < n; a += 1) {
    for (let i = rows.start[a] as number; i < (rows.start[a + 1] as number); i += 1) if (((rows.mask[i] as number) & conflictMask) !== 0) edges.push(a, rows.partner[i] as number);
  }
  mapped.forEach((m, i) => {
    if (m.footprint === 'known') return;
    const alone = options.unknownFootprint === 'serialize';
    warnings.push(`${m.ticket.key} has an unknown footprint (no files, projects, mentioned paths or ticket branch); ${alone ? 'it runs alone' : 'it runs in parallel unchecked'}`);
    if (alone) for (let j = 0; j < mapped.length; j += 1) if (j !== i) edges.push(Math.min(i, j), Math.max(i, j));
  });
  const learned = mapped.map((m) => (m.ticket.estimateMinutes === undefined && options.learnedEstimates ? findLearnedEstimate(options.learnedEstimates, m.projects, m.ticket.type) : undefined));
  const estimates = ordered.map((t, i) => t.estimateMinutes ?? learned[i]?.minutes ?? options.defaultEstimateMinutes);
  const graph = buildPrecedenceGraph(ordered.map((t) => t.key), estimates, ordered.map((t) => t.resources), edges);
  const bottom = bottomLevels(graph);
  const { schedule, makespanMinutes } = simulateSchedule(graph, bottom, options.maxThreads, options.resources ?? {});
  const plan: Plan = {
    version: 1,
    base: options.base,
    tickets: mapped.map((m, i) => toPlannedTicket(m, estimates[i] as number, learned[i])),
    overlaps: toOverlaps(mapped, classes, rows, { conflictKinds, maxItems: options.maxOverlapItems, rootProject }),
    order: graph.keys,
    batches: buildBatches(graph),
    estimate: {
      parallelMinutes: makespanMinutes,
      sequentialMinutes: estimates.reduce((sum, e) => sum + e, 0),
      criticalPath: criticalPath(graph, bottom),
    },
    schedule,
    warnings,
  };
  if (input.scope) plan.completion = buildCompletion(input.scope, makespanMinutes, options);
  return plan;
}

function orderOrThrow(tickets: readonly Ticket[]): Ticket[] {
  try {
    return orderTickets(tickets);
  } catch (cause) {
    throw new NxTicketsError('NX_TICKETS_DEPENDENCY_CYCLE', 'The selected tickets depend on each other in a cycle.', {
      hint: 'Remove one of the dependsOn links of the cycle; `nx-tickets plan` names it.',
      cause,
    });
  }
}

function toPlannedTicket(m: MappedTicket, estimateMinutes: number, learned: LearnedEstimate | undefined): PlannedTicket {
  const t = m.ticket;
  return {
    key: t.key,
    title: t.title,
    type: t.type,
    status: t.status,
    priority: t.priority,
    estimateMinutes,
    estimateSource: t.estimateMinutes !== undefined ? 'ticket' : learned ? 'learned' : 'default',
    ...(learned && t.estimateMinutes === undefined ? { learnedFrom: { by: learned.by, value: learned.value, samples: learned.samples } } : {}),
    ...(t.points === undefined ? {} : { points: t.points }),
    dependsOn: [...t.dependsOn],
    files: m.files,
    predictedPaths: m.predicted.map((p) => p.pattern).sort(),
    projects: m.projects,
    affectedProjects: [...m.affected],
    owners: m.owners,
    footprint: m.footprint,
    ...(m.branch === undefined ? {} : { branch: m.branch, ...(m.localBranch ? { localBranch: true } : {}) }),
    resources: { ...t.resources },
  };
}

/**
 * The overlaps of the pairs found, in pair order, kinds in {@link OVERLAP_KINDS} order. Overlaps
 * with equal items share one frozen items array (see {@link OverlapExplainer}).
 */
function toOverlaps(mapped: readonly MappedTicket[], classes: FootprintClasses, rows: OverlapRows, options: { conflictKinds: Set<string>; maxItems: number; rootProject: string | undefined }): Overlap[] {
  const conflict = OVERLAP_KINDS.map((kind) => options.conflictKinds.has(kind));
  const explainer = new OverlapExplainer(mapped, classes, options.rootProject, options.maxItems);
  let total = 0;
  for (let i = 0; i < rows.mask.length; i += 1) total += bitCount(rows.mask[i] as number);
  const overlaps = new Array<Overlap>(total);
  let at = 0;
  for (let a = 0; a < mapped.length; a += 1) {
    const key = (mapped[a] as MappedTicket).ticket.key;
    for (let i = rows.start[a] as number; i < (rows.start[a + 1] as number); i += 1) {
      const b = rows.partner[i] as number;
      const mask = rows.mask[i] as number;
      const keys: [string, string] = [key, (mapped[b] as MappedTicket).ticket.key];
      for (let k = 0; k < OVERLAP_KINDS.length; k += 1) {
        if ((mask & (1 << k)) === 0) continue; // bit k is OVERLAP_KINDS[k] (OVERLAP_KIND_BIT)
        const explained = explainer.explain(a, b, k);
        overlaps[at++] = { tickets: keys, kind: OVERLAP_KINDS[k] as OverlapKind, conflict: conflict[k] as boolean, items: explained.items as string[], itemCount: explained.count };
      }
    }
  }
  return overlaps;
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
}
