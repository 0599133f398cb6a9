import type { ExecutorContext } from '@nx/devkit';
import { processIo, type CliIo } from '../../cli/cli-io.js';
import { describeError } from '../../cli/describe-error.js';
import { formatPlanOutput } from '../../cli/format-plan-output.js';
import { buildPlanRequest } from '../../cli/plan-request.js';
import { useColor } from '../../cli/use-color.js';
import { createPlan } from '../../planning/create-plan.js';
import { createReporter } from '../../cli/create-reporter.js';
import { startRun } from '../../execution/start-run.js';
import { interruptOnSignals } from '../../cli/interrupt-on-signals.js';
import { cutShard, finishRun } from '../../cli/run-command.js';
import { parseShard } from '../../cli/parse-shard.js';
import type { RunTicketsExecutorSchema } from './schema.js';

/** What an Nx executor returns. */
export interface ExecutorResult {
  success: boolean;
}

/**
 * Build the `run-tickets` executor writing to `io` (tests pass string sinks; Nx gets the process).
 * With `--dry-run` it prints the plan; without it, it runs the tickets (the same engine as
 * `nx-tickets run`) and succeeds only when every ticket was merged. With `--shard i/n` only that
 * shard's tickets are planned and run (built and pushed, not merged), as `nx-tickets run --shard`.
 */
export function createRunTicketsExecutor(io: Omit<CliIo, 'cwd'>) {
  return async function runTicketsExecutor(options: RunTicketsExecutorSchema, context: ExecutorContext): Promise<ExecutorResult> {
    try {
      const request = buildPlanRequest({ ...options, keys: [...(options.keys ?? []), ...(options._ ?? [])] });
      const shard = options.shard === undefined ? undefined : parseShard(String(options.shard));
      const planned = await createPlan({
        root: context.root,
        selection: request.selection,
        overrides: request.overrides,
        ...(context.projectGraph ? { projectGraph: context.projectGraph } : {}),
        ...(shard ? { sharded: true } : {}),
      });
      // `--shard i/n`: that shard's tickets only, built and pushed, merged later by `nx-tickets merge`.
      const part = shard ? cutShard(planned, shard, io) : planned;
      if (part === undefined) return { success: true };
      const { plan, config, tickets } = part;
      const color = useColor(options.color, io.env, io.stdout);
      if (options.dryRun) {
        io.stdout.write(formatPlanOutput(plan, request.format, color));
        return { success: true };
      }
      const json = request.format === 'json';

      // Ctrl-C reaches this process as SIGINT, or as SIGTERM from Nx stopping the task: either way
      // the run is interrupted, its state saved and the summary printed, as `nx-tickets run` does.
      const interrupt = interruptOnSignals();
      try {
        const state = await startRun({
          root: context.root,
          plan,
          tickets,
          config,
          ...(request.overrides.maxThreads ? { maxThreads: request.overrides.maxThreads } : {}),
          createReporter: () => createReporter({ ...io, cwd: context.root }, { json, color, config }),
          signal: interrupt.signal,
          ...(options.sync === false ? { sync: false } : {}),
          ...(json ? {} : { onReady: () => io.stdout.write(formatPlanOutput(plan, 'text', color)) }),
          ...(shard ? { ci: { kind: 'shard' as const, ...shard } } : {}),
        });
        return { success: finishRun(state, io, json, color) === 0 };
      } finally {
        interrupt.dispose();
      }
    } catch (error) {
      io.stderr.write(describeError(error, context.isVerbose).text);
      return { success: false };
    }
  };
}

/** The `nx-tickets:run-tickets` executor (registered in executors.json). */
export default createRunTicketsExecutor(processIo());
