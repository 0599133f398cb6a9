import { buildShards, formatGithubMatrix, formatPlanMermaid, formatPlanText, type Plan } from '@nx-tickets/core';
import type { PlanFormat } from './plan-request.js';

/**
 * The plan as printed on stdout: the text view, only the plan document for `json`, a Mermaid
 * `graph`, or the GitHub Actions matrix of `shards` shards (default: the simulated schedule's threads).
 */
export function formatPlanOutput(plan: Plan, format: PlanFormat, color: boolean, shards = defaultShards(plan)): string {
  const text =
    format === 'json' ? JSON.stringify(plan, null, 2)
    : format === 'mermaid' ? formatPlanMermaid(plan)
    : format === 'github-matrix' ? formatGithubMatrix(buildShards(plan, shards))
    : formatPlanText(plan, { color });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Threads of the plan's simulated schedule (at least 1): as many shards as tickets ran at once. */
export function defaultShards(plan: Plan): number {
  return Math.max(1, ...plan.schedule.map((s) => s.thread + 1));
}
