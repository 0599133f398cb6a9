import { buildShards, formatRunSummary, restrictPlan, type Plan, type RunState, type Ticket } from '@nx-tickets/core';
import { continueRun, openRun } from '../execution/continue-run.js';
import { readRunLockHolder } from '../execution/run-lock.js';
import { runExitCode, runThreads, startRun } from '../execution/start-run.js';
import { createPoolTaskRunner } from '../execution/pool-task-runner.js';
import { readConfig, type ResolvedConfig } from '../config/index.js';
import { createPlan } from '../planning/create-plan.js';
import type { CliIo } from './cli-io.js';
import { createReporter } from './create-reporter.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { formatPlanOutput } from './format-plan-output.js';
import type { PlanCommandFlags } from './plan-command.js';
import { buildPlanRequest } from './plan-request.js';
import { useColor } from './use-color.js';
import { parseShard, type ShardSpec } from './parse-shard.js';

/** Flags of `nx-tickets run`. */
export interface RunCommandFlags extends PlanCommandFlags {
  /** Print the plan and stop. */
  dryRun?: boolean;
  /** Write progress back to the ticket system; false is `--no-sync`. */
  sync?: boolean;
  /** `--wait-checks`: the GitHub host waits for each pull request's checks before merging it. */
  waitChecks?: boolean;
  /** `--shard i/n`: run only shard `i` of `n` of the plan (as `plan --format github-matrix` cuts it), without merging. */
  shard?: string;
}

/**
 * `nx-tickets run KEY…`: plan, then run the tickets in parallel and merge them. Prints the plan,
 * progress (dashboard, plain lines or `--json` events) and the summary. With `--shard i/n` only
 * that shard's tickets run, their branches are pushed and nothing is merged (`nx-tickets merge` does).
 *
 * @returns 0 when every ticket was merged (with `--shard`: built and pushed; also an empty shard), 1 when some failed or were blocked or set aside, 130 when interrupted.
 */
export async function runRunCommand(flags: RunCommandFlags, io: CliIo): Promise<number> {
  const request = buildPlanRequest({ ...flags, json: false, format: 'text' });
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const root = findWorkspaceRoot(flags.cwd);
  const color = useColor(flags.color, io.env, io.stdout);
  // Read once: the pool, the plan and the run use the same configuration.
  const read = await readConfig(root);
  // The pool's workers load their modules while the plan is made (mostly a wait for Nx's graph).
  const pool = flags.dryRun ? undefined : createPoolTaskRunner(runThreads(read.config, request.overrides.maxThreads));
  let part: { plan: Plan; tickets: Ticket[]; config: ResolvedConfig } | undefined;
  try {
    // Every shard plans alike: no remote ticket branches (other shards push them meanwhile), no learned estimates.
    const planned = await createPlan({ root, selection: request.selection, overrides: request.overrides, config: read, ...(shard ? { sharded: true } : {}) });
    part = shard ? cutShard(planned, shard, io) : planned;
  } catch (error) {
    await pool?.close();
    throw error;
  }
  if (part === undefined) {
    await pool?.close();
    return 0;
  }
  const { plan, tickets } = part;
  const config = flags.waitChecks && part.config.host.type === 'github' ? { ...part.config, host: { ...part.config.host, waitChecks: true } } : part.config;
  if (flags.dryRun) {
    io.stdout.write(formatPlanOutput(plan, flags.json ? 'json' : 'text', color));
    return 0;
  }
  const state = await startRun({
    ...(pool ? { pool } : {}),
    root,
    plan,
    tickets,
    config,
    ...(request.overrides.maxThreads ? { maxThreads: request.overrides.maxThreads } : {}),
    createReporter: () => createReporter(io, { json: flags.json === true, color, config }),
    signal: io.signal ?? new AbortController().signal,
    ...(flags.sync === false ? { sync: false } : {}),
    ...(flags.json ? {} : { onReady: () => io.stdout.write(formatPlanOutput(plan, 'text', color)) }),
    ...(shard ? { ci: { kind: 'shard' as const, ...shard } } : {}),
  });
  return finishRun(state, io, flags.json === true, color);
}

/**
 * Shard `index` of `total` of the plan — the same cut as `plan --format github-matrix --shards
 * total` — or `undefined` (said on stderr) when that shard has no tickets.
 */
export function cutShard<T extends { plan: Plan; tickets: Ticket[] }>(planned: T, shard: ShardSpec, io: Pick<CliIo, 'stderr'>): T | undefined {
  const { plan, tickets } = planned;
  const sharding = buildShards(plan, shard.total);
  for (const warning of sharding.warnings) io.stderr.write(`warning: ${warning}\n`);
  const keys = sharding.shards[shard.index - 1]?.keys ?? [];
  if (keys.length === 0) {
    io.stderr.write(`Shard ${shard.index}/${shard.total} has no tickets: the plan's ${plan.order.length} ticket(s) make ${sharding.shards.length} shard(s). Nothing to do.\n`);
    return undefined;
  }
  const keep = new Set(keys);
  return { ...planned, plan: restrictPlan(plan, keys), tickets: tickets.filter((t) => keep.has(t.key)) };
}

/** `nx-tickets resume [runId]` and `nx-tickets retry KEY… [--run id]`. */
export async function runContinueCommand(flags: { cwd: string; runId?: string; retry?: string[]; json?: boolean; color?: boolean; sync?: boolean }, io: CliIo): Promise<number> {
  const root = findWorkspaceRoot(flags.cwd);
  const color = useColor(flags.color, io.env, io.stdout);
  const { config } = await readConfig(root);
  const state = await continueRun({
    root,
    config,
    ...(flags.runId ? { runId: flags.runId } : {}),
    ...(flags.retry ? { retry: flags.retry } : {}),
    createReporter: () => createReporter(io, { json: flags.json === true, color, config }),
    signal: io.signal ?? new AbortController().signal,
    ...(flags.sync === false ? { sync: false } : {}),
  });
  return finishRun(state, io, flags.json === true, color);
}

/** `nx-tickets status [runId]`: the summary of a run, as far as it got. */
export async function runStatusCommand(flags: { cwd: string; runId?: string; json?: boolean; color?: boolean }, io: CliIo): Promise<number> {
  const root = findWorkspaceRoot(flags.cwd);
  const state = await (await openRun(root, flags.runId)).readState();
  // A state that says `running` with no live process holding the lock is a run that was killed.
  const killed = state.status === 'running' && (await readRunLockHolder(root)) === undefined;
  const shown: RunState = killed ? { ...state, status: 'interrupted' } : state;
  if (flags.json) io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else {
    // A run that is not going on any more is shown as it was when it stopped, not as time passes.
    io.stdout.write(formatRunSummary(shown, shown.status === 'running' ? Date.now() : state.updatedAt, { color: useColor(flags.color, io.env, io.stdout) }));
    if (shown.status === 'interrupted') io.stdout.write(`interrupted${killed ? ' (no nx-tickets process is running it)' : ''}: continue with \`nx-tickets resume ${state.runId}\`\n`);
  }
  return 0;
}

/** Print the summary of a run that ended (not with `--json`) and say how to go on; its exit code. */
export function finishRun(state: RunState, io: Pick<CliIo, 'stdout' | 'stderr'>, json: boolean, color: boolean): number {
  if (!json) io.stdout.write(`\n${formatRunSummary(state, Date.now(), { color })}`);
  if (state.status === 'interrupted') io.stderr.write(`interrupted: state saved; continue with \`nx-tickets resume ${state.runId}\`\n`);
  return runExitCode(state);
}
