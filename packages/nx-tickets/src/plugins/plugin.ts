/**
 * The nx-tickets Nx plugin: infers the `run-tickets` target on the workspace's root project from
 * `nx.json`. Runs on every project-graph build, so it is cheap: it reads at most the root
 * package.json, never the tickets, git or the network, and memoises its result per options hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createNodesFromFiles, type CreateNodes, type CreateNodesResult, type TargetConfiguration } from '@nx/devkit';

/** The plugin's `options` in nx.json as far as the plugin itself reads them (the rest is the nx-tickets config). */
export interface NxTicketsPluginOptions {
  /** Name of the inferred target, default `run-tickets`. */
  targetName?: string;
  [configKey: string]: unknown;
}

/** Name of the inferred target when `options.targetName` is not set. */
export const DEFAULT_TARGET_NAME = 'run-tickets';

const cache = new Map<string, CreateNodesResult>();

/**
 * Nx `createNodes` (v2 signature): one `run-tickets` target on the root project, executor
 * `nx-tickets:run-tickets`, never cached (its result depends on tickets and git, not on inputs).
 */
export const createNodesV2: CreateNodes<NxTicketsPluginOptions> = [
  'nx.json',
  async (configFiles, options, context) =>
    createNodesFromFiles((_file, pluginOptions) => inferRootTarget(context.workspaceRoot, pluginOptions), configFiles, options, context),
];

/** Nx 24 reads `createNodes` first and falls back to `createNodesV2`; both are the same v2 tuple. */
export const createNodes: CreateNodes<NxTicketsPluginOptions> = createNodesV2;

function inferRootTarget(workspaceRoot: string, options: NxTicketsPluginOptions | undefined): CreateNodesResult {
  const targetName = options?.targetName ?? DEFAULT_TARGET_NAME;
  if (typeof targetName !== 'string' || !/^[A-Za-z0-9][\w:.-]*$/.test(targetName)) {
    throw new Error(
      `nx-tickets: nx.json plugins[nx-tickets].options.targetName must be a target name such as "run-tickets", got ${JSON.stringify(targetName)}; fix or remove it in nx.json.`,
    );
  }
  const name = needsProjectName(workspaceRoot) ? projectNameFor(workspaceRoot) : undefined;
  const key = createHash('sha256').update(JSON.stringify([targetName, name ?? null])).digest('hex');
  let result = cache.get(key);
  if (!result) {
    result = { projects: { '.': { ...(name === undefined ? {} : { name }), targets: { [targetName]: runTicketsTarget() } } } };
    cache.set(key, result);
  }
  return structuredClone(result);
}

function runTicketsTarget(): TargetConfiguration {
  return {
    executor: 'nx-tickets:run-tickets',
    options: {},
    cache: false,
    parallelism: false,
    metadata: {
      description: 'Plan tickets that can safely run in parallel (nx-tickets). This version prints the plan with --dry-run.',
      technologies: ['nx-tickets'],
      help: {
        command: 'npx nx-tickets plan --help',
        example: { args: ['PROJ-1', 'PROJ-2'], options: { dryRun: true } },
      },
    },
  };
}

/**
 * Nx names the root project after the root package.json's `name` or project.json's `name`; only
 * when neither exists must the plugin name it, or the graph fails with "no name provided".
 */
function needsProjectName(workspaceRoot: string): boolean {
  if (existsSync(join(workspaceRoot, 'project.json'))) return false;
  const packageJson = join(workspaceRoot, 'package.json');
  if (!existsSync(packageJson)) return true;
  try {
    const { name } = JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: unknown };
    return typeof name !== 'string' || name === '';
  } catch {
    return true;
  }
}

function projectNameFor(workspaceRoot: string): string {
  return basename(workspaceRoot).replace(/[^\w.-]+/g, '-') || 'workspace';
}
