import type { Plan } from '../planning/plan.js';
import { branchNameFor } from './branch-name.js';
import { RESOURCE_CPU, RESOURCE_MEMORY, type CiRun, type RunRelation, type RunState, type TicketRunState } from './run-state.js';

/** Input of {@link createRunState}. */
export interface CreateRunStateInput {
  runId: string;
  plan: Plan;
  /** Base branch commit at the start, a full sha. */
  baseStart: string;
  /** Clock reading, ms since the epoch. */
  now: number;
  /**
   * Threads, named resources from the config, and the built-in ones: `cpuSlots` (the machine's
   * cores; a configured `cpu` resource wins) and `memoryBudgetMb` (MiB; without it memory is not
   * reserved by the scheduler).
   */
  limits: { maxThreads: number; resources: Record<string, number>; cpuSlots?: number; memoryBudgetMb?: number };
  /** Declared memory per ticket key, MiB (a ticket's `memoryMb`, else `implement.memoryMb`). */
  memoryMb?: Readonly<Record<string, number>>;
  /** Unknown-footprint tickets run alone when `serialize` (the default). */
  unknownFootprint: 'serialize' | 'parallel';
  /** A CI run: one shard, or the merge job (see `RunState.ci`). */
  ci?: CiRun;
}

/**
 * A fresh run from a plan: every ticket `pending` with its branch name (its existing local ticket
 * branch, else `<type>/<KEY>-<slug>`), the plan's overlaps as
 * ordering relations (`before` = earlier in plan order) and the `dependsOn` links inside the run.
 */
export function createRunState(input: CreateRunStateInput): RunState {
  const { plan } = input;
  const inRun = new Set(plan.order);
  const budget = input.limits.memoryBudgetMb;
  const tickets: Record<string, TicketRunState> = {};
  for (const t of plan.tickets) {
    tickets[t.key] = {
      key: t.key,
      title: t.title,
      status: 'pending',
      // A local branch the ticket's work already lives on is worked on; otherwise a new one.
      branch: t.branch !== undefined && t.localBranch ? t.branch : branchNameFor(t),
      completed: [],
      attempts: {},
      estimateMinutes: t.estimateMinutes,
      resources: { ...t.resources, ...(budget !== undefined && input.memoryMb?.[t.key] ? { [RESOURCE_MEMORY]: input.memoryMb[t.key] as number } : {}) },
      exclusive: t.footprint === 'unknown' && input.unknownFootprint === 'serialize',
      plannedFiles: [...t.files, ...t.predictedPaths],
    };
  }
  const relations: RunRelation[] = plan.overlaps.map((o) => ({ before: o.tickets[0], after: o.tickets[1], kind: o.kind, conflict: o.conflict, items: o.items }));
  const dependsOn: Record<string, string[]> = {};
  for (const t of plan.tickets) dependsOn[t.key] = t.dependsOn.filter((d) => inRun.has(d));
  return {
    version: 1,
    runId: input.runId,
    base: plan.base,
    baseStart: input.baseStart,
    baseHead: input.baseStart,
    status: 'running',
    createdAt: input.now,
    updatedAt: input.now,
    order: [...plan.order],
    dependsOn,
    relations,
    tickets,
    ...(input.ci ? { ci: input.ci } : {}),
    limits: {
      maxThreads: input.limits.maxThreads,
      resources: {
        ...(input.limits.cpuSlots === undefined ? {} : { [RESOURCE_CPU]: input.limits.cpuSlots }),
        ...(budget === undefined ? {} : { [RESOURCE_MEMORY]: budget }),
        ...input.limits.resources,
      },
    },
  };
}
