import { formatFiles, readNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { buildRunTicketsWorkflow, RUN_TICKETS_WORKFLOW_PATH } from './build-run-tickets-workflow.js';
import { resolveCiWorkflowOptions } from './resolve-ci-workflow-options.js';
import type { CiWorkflowGeneratorSchema } from './schema.js';

/**
 * `nx g nx-tickets:ci-workflow`: write `.github/workflows/run-tickets.yml` (replacing an existing
 * one), the GitHub Actions workflow that plans the shards, runs each on its own runner and merges
 * what they pushed (see `buildRunTicketsWorkflow`). The base branch defaults to nx.json `defaultBase`.
 *
 * @throws NxTicketsError `NX_TICKETS_INVALID_OPTION` for an option the workflow cannot use.
 */
export async function ciWorkflowGenerator(tree: Tree, schema: CiWorkflowGeneratorSchema = {}): Promise<GeneratorCallback | void> {
  const options = resolveCiWorkflowOptions(schema, readNxJson(tree)?.defaultBase ?? 'main');
  tree.write(RUN_TICKETS_WORKFLOW_PATH, buildRunTicketsWorkflow(options));
  if (!schema.skipFormat) await formatFiles(tree);
}

/** The generator as Nx loads it (`factory` in generators.json). */
export default ciWorkflowGenerator;
