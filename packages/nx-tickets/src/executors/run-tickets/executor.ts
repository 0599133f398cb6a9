import type { ExecutorContext } from '@nx/devkit';
import { processIo, type CliIo } from '../../cli/cli-io.js';
import { describeError } from '../../cli/describe-error.js';
import { formatPlanOutput } from '../../cli/format-plan-output.js';
import { buildPlanRequest } from '../../cli/plan-request.js';
import { useColor } from '../../cli/use-color.js';
import { createPlan } from '../../planning/create-plan.js';
import type { RunTicketsExecutorSchema } from './schema.js';

/** What an Nx executor returns. */
export interface ExecutorResult {
  success: boolean;
}

/**
 * Build the `run-tickets` executor writing to `io` (tests pass string sinks; Nx gets the process).
 * With `--dry-run` it prints the plan; without it, it says that running is not available yet and
 * fails, because this version cannot run tickets.
 */
export function createRunTicketsExecutor(io: Omit<CliIo, 'cwd'>) {
  return async function runTicketsExecutor(options: RunTicketsExecutorSchema, context: ExecutorContext): Promise<ExecutorResult> {
    try {
      const request = buildPlanRequest({ ...options, keys: [...(options.keys ?? []), ...(options._ ?? [])] });
      if (!options.dryRun) {
        io.stderr.write(
          'error: this version of nx-tickets can only plan: nothing was run.\nhint: add --dry-run to print the plan, e.g. nx run-tickets -- PROJ-1 PROJ-2 --dry-run.\n',
        );
        return { success: false };
      }
      const { plan } = await createPlan({
        root: context.root,
        selection: request.selection,
        overrides: request.overrides,
        ...(context.projectGraph ? { projectGraph: context.projectGraph } : {}),
      });
      io.stdout.write(formatPlanOutput(plan, request.format, useColor(options.color, io.env, io.stdout)));
      return { success: true };
    } catch (error) {
      io.stderr.write(describeError(error, context.isVerbose).text);
      return { success: false };
    }
  };
}

/** The `nx-tickets:run-tickets` executor (registered in executors.json). */
export default createRunTicketsExecutor(processIo());
