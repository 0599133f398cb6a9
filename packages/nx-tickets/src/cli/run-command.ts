import { formatRunSummary, type RunState } from '@nx-tickets/core';
import { continueRun, openRun } from '../execution/continue-run.js';
import { readRunLockHolder } from '../execution/run-lock.js';
import { runExitCode, runThreads, startRun } from '../execution/start-run.js';
import { createPoolTaskRunner, type PoolTaskRunner } from '../execution/pool-task-runner.js';
import { readConfig } from '../config/index.js';
import { createPlan } from '../planning/create-plan.js';
import type { CliIo } from './cli-io.js';
import { createReporter } from './create-reporter.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { formatPlanOutput } from './format-plan-output.js';
import type { PlanCommandFlags } from './plan-command.js';
import { buildPlanRequest } from './plan-request.js';
import { useColor } from './use-color.js';

/** Flags of `nx-tickets run`. */
export interface RunCommandFlags extends PlanCommandFlags {
  /** Print the plan and stop. */
  dryRun?: boolean;
  /** Write progress back to the ticket system; false is `--no-sync`. */
  sync?: boolean;
  /** `--wait-checks`: the GitHub host waits for each pull request's checks before merging it. */
  waitChecks?: boolean;
}

/**
 * `nx-tickets run KEY…`: plan, then run the tickets in parallel and merge them. Prints the plan,
 * progress (dashboard, plain lines or `--json` events) and the summary.
 *
 * @returns 0 when every ticket was merged, 1 when some failed or were blocked or set aside, 130 when interrupted.
 */
export async function runRunCommand(flags: RunCommandFlags, io: CliIo): Promise<number> {
  const request = buildPlanRequest({ ...flags, json: false, format: 'text' });
  const root = findWorkspaceRoot(flags.cwd);
  const color = useColor(flags.color, io.env, io.stdout);
  // The pool's workers load their modules while the plan is made (mostly a wait for Nx's graph).
  const pool = flags.dryRun ? undefined : await startPool(root, request.overrides.maxThreads);
  let planned: Awaited<ReturnType<typeof createPlan>>;
  try {
    planned = await createPlan({ root, selection: request.selection, overrides: request.overrides });
  } catch (error) {
    await pool?.close();
    throw error;
  }
  const { plan, tickets } = planned;
  const config = flags.waitChecks && planned.config.host.type === 'github' ? { ...planned.config, host: { ...planned.config.host, waitChecks: true } } : planned.config;
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
  });
  return finish(state, io, flags.json === true, color);
}

/**
 * The run's worker pool, started before planning so its threads are ready when the first ticket is
 * prepared. Undefined when the config cannot be read (planning reports why).
 */
async function startPool(root: string, maxThreads: number | undefined): Promise<PoolTaskRunner | undefined> {
  const read = await readConfig(root).catch(() => undefined);
  return read ? createPoolTaskRunner(runThreads(read.config, maxThreads)) : undefined;
}

/** `nx-tickets resume [runId]` and `nx-tickets retry KEY… [--run id]`. */
export async function runContinueCommand(flags: { cwd: string; runId?: string; retry?: string[]; json?: boolean; color?: boolean; sync?: boolean }, io: CliIo): Promise<number> {
  const root = findWorkspaceRoot(flags.cwd);
  const color = useColor(flags.color, io.env, io.stdout);
  const { config } = await readConfig(root);
  const state = await continueRun({
    root,
    ...(flags.runId ? { runId: flags.runId } : {}),
    ...(flags.retry ? { retry: flags.retry } : {}),
    createReporter: () => createReporter(io, { json: flags.json === true, color, config }),
    signal: io.signal ?? new AbortController().signal,
    ...(flags.sync === false ? { sync: false } : {}),
  });
  return finish(state, io, flags.json === true, color);
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

function finish(state: RunState, io: CliIo, json: boolean, color: boolean): number {
  if (!json) io.stdout.write(`\n${formatRunSummary(state, Date.now(), { color })}`);
  if (state.status === 'interrupted') io.stderr.write(`interrupted: state saved; continue with \`nx-tickets resume ${state.runId}\`\n`);
  return runExitCode(state);
}
