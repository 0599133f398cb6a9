import { branchNameFor, restrictPlan } from '@nx-tickets/core';
import { fetchAllBranches, findPushedTicketBranches, followRemoteBase, hasRemote, readMergedTickets } from '../adapters/git/index.js';
import { readConfig } from '../config/index.js';
import { startMerge } from '../execution/start-merge.js';
import { createPlan } from '../planning/create-plan.js';
import type { CliIo } from './cli-io.js';
import { createReporter } from './create-reporter.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { formatPlanOutput } from './format-plan-output.js';
import type { PlanCommandFlags } from './plan-command.js';
import { buildPlanRequest } from './plan-request.js';
import { finishRun } from './run-command.js';
import { useColor } from './use-color.js';

/** Flags of `nx-tickets merge`: the selection of `plan` (none: every open ticket with a pushed branch). */
export interface MergeCommandFlags extends PlanCommandFlags {
  /** Write progress back to the ticket system; false is `--no-sync`. */
  sync?: boolean;
}

/**
 * `nx-tickets merge [KEY…]`: the merge job after the CI shards. Fetches every branch from `origin`
 * (the host's remote), brings the local base branch up to `origin`'s, plans the selection as the
 * shards did, and runs the merge train over the ticket branches the shards pushed (see
 * `startMerge`), pushing the base branch to `origin` after each ticket. Tickets already on the base
 * branch are skipped, so running it twice merges nothing twice. Without a selection, every open
 * ticket whose pushed branch is found is merged; with one, a selected ticket without a branch is
 * reported and fails the job.
 *
 * @returns 0 when every ticket was merged (or there was nothing to merge), 1 when some were
 *   missing, failed, blocked or set aside, 130 when interrupted.
 * @throws NxTicketsError for bad input or config (exit 2).
 */
export async function runMergeCommand(flags: MergeCommandFlags, io: CliIo): Promise<number> {
  const selected = (flags.keys?.length ?? 0) > 0 || flags.epic !== undefined || flags.sprint !== undefined || flags.allReady === true;
  const request = buildPlanRequest({ ...flags, json: false, format: 'text', ...(selected ? {} : { allReady: true }) });
  const root = findWorkspaceRoot(flags.cwd);
  const color = useColor(flags.color, io.env, io.stdout);
  const read = await readConfig(root);
  const { config } = read;
  const base = request.overrides.base ?? config.baseBranch;
  const remote = config.host.type === 'github' ? config.host.remote : 'origin';
  const fromRemote = await hasRemote(root, remote);
  if (fromRemote) {
    await fetchAllBranches(root, remote, io.signal ? { signal: io.signal } : {});
    await followRemoteBase(root, remote, base);
  }
  // Idempotent: a named ticket the base branch holds already (a merge job ran) is reported, not refused.
  const merged = await readMergedTickets(root, base);
  const done = request.selection.keys.filter((key) => merged.has(key));
  for (const key of done) io.stderr.write(`${key} is merged already (${(merged.get(key) as string).slice(0, 10)} on ${base}).\n`);
  const keys = request.selection.keys.filter((key) => !merged.has(key));
  if (request.selection.keys.length > 0 && keys.length === 0) {
    io.stdout.write('Nothing to merge: every named ticket is merged already.\n');
    return 0;
  }
  const planned = await createPlan({ root, selection: { ...request.selection, keys }, overrides: request.overrides, sharded: true, config: read });
  const preferred = new Map(planned.plan.tickets.map((t) => [t.key, branchNameFor(t)]));
  const pushed = await findPushedTicketBranches(root, { remote: fromRemote ? remote : undefined, base, preferred });
  for (const [key, reason] of pushed.ignored) io.stderr.write(`warning: ${key}: ${reason}; it is not merged\n`);
  const order = selected ? planned.plan.order : planned.plan.order.filter((key) => pushed.found.has(key));
  const where = fromRemote ? remote : 'this repository';
  if (order.length === 0) {
    io.stdout.write(`Nothing to merge: no ticket branch pushed by nx-tickets was found on ${where}.\n`);
    return 0;
  }
  const plan = restrictPlan(planned.plan, order);
  const keep = new Set(order);
  const state = await startMerge({
    root,
    plan,
    tickets: planned.tickets.filter((t) => keep.has(t.key)),
    config: planned.config,
    branches: pushed.found,
    from: where,
    createReporter: () => createReporter(io, { json: flags.json === true, color, config: planned.config }),
    signal: io.signal ?? new AbortController().signal,
    ...(flags.sync === false ? { sync: false } : {}),
    ...(flags.json ? {} : { onReady: () => io.stdout.write(formatPlanOutput(plan, 'text', color)) }),
  });
  return finishRun(state, io, flags.json === true, color);
}
