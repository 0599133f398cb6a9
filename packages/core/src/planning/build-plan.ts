import { NxTicketsError } from '../errors/nx-tickets-error.js';
import { findLearnedEstimate, type LearnedEstimate } from '../history/learn-estimates.js';
import type { SelectionScope } from '../tickets/select-tickets.js';
import type { Ticket } from '../tickets/ticket.js';
import type { WorkspaceModel } from '../workspace/workspace-model.js';
import { buildCompletion } from './build-completion.js';
import { detectOverlapPairs, MASK_SPAN, OVERLAP_KIND_BIT } from './detect-overlaps.js';
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
  // Pairs (a * n + b) with their masks, in order: by first ticket, then second.
  const pairs = detectOverlapPairs(mapped, rootProject, classes);
  const conflictKinds = new Set(options.conflictKinds);
  const conflictMask = options.conflictKinds.reduce((mask, kind) => mask | OVERLAP_KIND_BIT[kind], 0);
  const edges: Array<[number, number]> = [];
  for (const packed of pairs) {
    if ((packed % MASK_SPAN & conflictMask) === 0) continue;
    const id = Math.floor(packed / MASK_SPAN);
    edges.push([Math.floor(id / n), id % n]);
  }
  mapped.forEach((m, i) => {
    if (m.footprint === 'known') return;
    const alone = options.unknownFootprint === 'serialize';
    warnings.push(`${m.ticket.key} has an unknown footprint (no files, projects, mentioned paths or ticket branch); ${alone ? 'it runs alone' : 'it runs in parallel unchecked'}`);
    if (alone) for (let j = 0; j < mapped.length; j += 1) if (j !== i) edges.push([Math.min(i, j), Math.max(i, j)]);
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
    overlaps: toOverlaps(mapped, classes, pairs, { conflictKinds, maxItems: options.maxOverlapItems, rootProject }),
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
 * The overlaps of the pairs found (packed by `detectOverlapPairs`), in pair order, kinds in
 * {@link OVERLAP_KINDS} order. Overlaps with equal items share one frozen items array (see
 * {@link OverlapExplainer}).
 */
function toOverlaps(mapped: readonly MappedTicket[], classes: FootprintClasses, pairs: Float64Array, options: { conflictKinds: Set<string>; maxItems: number; rootProject: string | undefined }): Overlap[] {
  const n = mapped.length;
  const bits = OVERLAP_KINDS.map((kind) => OVERLAP_KIND_BIT[kind]);
  const conflict = OVERLAP_KINDS.map((kind) => options.conflictKinds.has(kind));
  const explainer = new OverlapExplainer(mapped, classes, options.rootProject, options.maxItems);
  const overlaps: Overlap[] = [];
  for (const packed of pairs) {
    const mask = packed % MASK_SPAN;
    const id = Math.floor(packed / MASK_SPAN);
    const a = Math.floor(id / n);
    const b = id % n;
    const keys: [string, string] = [(mapped[a] as MappedTicket).ticket.key, (mapped[b] as MappedTicket).ticket.key];
    for (let k = 0; k < OVERLAP_KINDS.length; k += 1) {
      if ((mask & (bits[k] as number)) === 0) continue;
      const { items, count } = explainer.explain(a, b, k);
      overlaps.push({ tickets: keys, kind: OVERLAP_KINDS[k] as OverlapKind, conflict: conflict[k] as boolean, items: items as string[], itemCount: count });
    }
  }
  return overlaps;
}
