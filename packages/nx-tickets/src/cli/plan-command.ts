import { buildShards } from '@nx-tickets/core';
import { createPlan } from '../planning/create-plan.js';
import type { CliIo } from './cli-io.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { defaultShards, formatPlanOutput } from './format-plan-output.js';
import { buildPlanRequest, type PlanFlags } from './plan-request.js';
import { useColor } from './use-color.js';

/** Flags of `nx-tickets plan` besides the planning ones. */
export interface PlanCommandFlags extends PlanFlags {
  /** Where to look for the workspace (the nearest folder with nx.json at or above it). */
  cwd: string;
  /** `--color` / `--no-color`, `undefined` when not given. */
  color?: boolean;
}

/**
 * `nx-tickets plan`: select tickets, plan them against the workspace and print the plan.
 * Nothing in the workspace is changed.
 *
 * @returns the exit code (0).
 * @throws NxTicketsError for bad input or config (exit 2).
 */
export async function runPlanCommand(flags: PlanCommandFlags, io: CliIo): Promise<number> {
  const request = buildPlanRequest(flags);
  const root = findWorkspaceRoot(flags.cwd);
  // The matrix must agree with what each `run --shard` plans later, when shards have pushed branches and recorded runs.
  const { plan } = await createPlan({ root, selection: request.selection, overrides: request.overrides, ...(request.format === 'github-matrix' ? { sharded: true } : {}) });
  const shards = request.shards ?? defaultShards(plan);
  if (request.format === 'github-matrix') {
    // stdout is only the matrix (it goes to $GITHUB_OUTPUT); what a person should know goes to stderr.
    for (const warning of buildShards(plan, shards).warnings) io.stderr.write(`warning: ${warning}\n`);
  }
  io.stdout.write(formatPlanOutput(plan, request.format, useColor(flags.color, io.env, io.stdout), shards));
  return 0;
}
