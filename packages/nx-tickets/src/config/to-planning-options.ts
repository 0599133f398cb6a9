import { DEFAULT_CONFLICT_KINDS, DEFAULT_PLANNING_OPTIONS, DEFAULT_SHARED_FILES, OVERLAP_KINDS, parseEstimate, ValidationError, type PlanningOptions, type Problem } from '@nx-tickets/core';
import type { ResolvedConfig } from './config-schema.js';

/** CLI flags that override the configuration. */
export interface PlanningOverrides {
  /** `--base`: the base branch. */
  base?: string;
  /** `--max-threads`: threads for the simulated schedule, a positive integer. */
  maxThreads?: number;
  /** Today as `YYYY-MM-DD` (injected: the core never reads the clock). */
  today: string;
}

/**
 * Turn the resolved configuration plus CLI overrides into the core's {@link PlanningOptions}.
 *
 * - `conflict_resolution: automatic` → `DEFAULT_CONFLICT_KINDS` (file, shared-file, link);
 *   `strict` → every overlap kind is a conflict;
 * - `auto_coordinate: false` → overlaps are reported but only `dependsOn` links order tickets;
 * - `parallel_execution.enabled: false` → one thread unless `maxThreads` is given;
 * - `sharedFiles` are added to `DEFAULT_SHARED_FILES`; `estimates` give the default estimate and
 *   minutes per day; `resources` are the named resources available.
 *
 * @throws ValidationError (exit 2) when an override is invalid (`--max-threads 0`, `--base -x`, bad `today`).
 */
export function toPlanningOptions(config: ResolvedConfig, overrides: PlanningOverrides): PlanningOptions {
  const problems: Problem[] = [];
  if (overrides.maxThreads !== undefined && !(Number.isInteger(overrides.maxThreads) && overrides.maxThreads > 0)) {
    problems.push({ where: '--max-threads', message: `expected a positive integer, got ${String(overrides.maxThreads)}` });
  }
  if (overrides.base !== undefined && (overrides.base.trim() === '' || overrides.base.startsWith('-'))) {
    problems.push({ where: '--base', message: `expected a branch name, got "${overrides.base}"` });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(overrides.today)) {
    problems.push({ where: 'today', message: `expected a date as YYYY-MM-DD, got "${overrides.today}"` });
  }
  if (problems.length > 0) throw new ValidationError('Invalid options:', problems, 'Correct the options listed above and run the command again.');
  const minutesPerDay = Math.round(config.estimates.hoursPerDay * 60);
  const parallel = config.parallel_execution;
  return {
    ...DEFAULT_PLANNING_OPTIONS,
    base: overrides.base ?? config.baseBranch,
    maxThreads: overrides.maxThreads ?? (parallel.enabled ? parallel.max_threads : 1),
    conflictKinds: !parallel.auto_coordinate ? ['link'] : parallel.conflict_resolution === 'strict' ? [...OVERLAP_KINDS] : DEFAULT_CONFLICT_KINDS,
    sharedFiles: [...new Set([...DEFAULT_SHARED_FILES, ...config.sharedFiles])],
    unknownFootprint: config.unknownFootprint,
    defaultEstimateMinutes: parseEstimate(config.estimates.default, minutesPerDay) ?? DEFAULT_PLANNING_OPTIONS.defaultEstimateMinutes,
    minutesPerDay,
    resources: config.resources,
    today: overrides.today,
  };
}
