import { ValidationError, type Problem } from '@nx-tickets/core';
import { validateWithSchema } from '../validation/validate-with-schema.js';
import { configSchema, type ResolvedConfig } from './config-schema.js';
import { readJsonFile } from './read-json-file.js';

/** Where the options of the registered plugin live, as shown in messages. */
export const NX_JSON_ORIGIN = 'nx.json plugins[nx-tickets].options';
/** The standalone config file, for use without registering the plugin. */
export const CONFIG_FILE = 'nx-tickets.json';

/** What {@link readConfig} returns. */
export interface ReadConfigResult {
  config: ResolvedConfig;
  /** Unknown keys and ignored files, as problems (`where` is the full key path). */
  warnings: Problem[];
  /** `nx.json plugins[nx-tickets].options`, `nx-tickets.json` or `defaults`. */
  origin: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isOurPlugin = (name: unknown): boolean => name === 'nx-tickets' || name === 'nx-tickets/plugin';

/** The `options` of the first `nx-tickets` plugin entry in nx.json that has options, if any. */
function findPluginOptions(nxJson: Record<string, unknown>): { found: boolean; options?: unknown } {
  const plugins = Array.isArray(nxJson['plugins']) ? (nxJson['plugins'] as unknown[]) : [];
  const entries = plugins.filter((p) => isOurPlugin(p) || (isRecord(p) && isOurPlugin(p['plugin'])));
  const withOptions = entries.find((p) => isRecord(p) && p['options'] !== undefined);
  return isRecord(withOptions) ? { found: true, options: withOptions['options'] } : { found: entries.length > 0 };
}

/**
 * Read and validate the nx-tickets configuration of a workspace.
 *
 * Precedence: when nx.json registers the plugin (`"nx-tickets"` or `"nx-tickets/plugin"`) WITH an
 * `options` object, those options are the configuration and `nx-tickets.json` is ignored (with a
 * warning if it exists); otherwise `nx-tickets.json` at the workspace root is used; otherwise the
 * defaults. The two are never merged, so one file always tells the whole story. CLI flags are
 * applied later (see `toPlanningOptions`). `baseBranch` defaults to nx.json `defaultBase`, else `main`.
 *
 * @param root absolute workspace root.
 * @throws NxTicketsError `NX_TICKETS_INVALID_CONFIG` when nx.json or nx-tickets.json is not valid JSON.
 * @throws ValidationError `NX_TICKETS_INVALID_INPUT` (exit 2) listing every invalid key with its full
 *   path, e.g. `nx.json plugins[nx-tickets].options.parallel_execution.max_threads: expected a positive integer`.
 */
export async function readConfig(root: string): Promise<ReadConfigResult> {
  const [nxJson, fileConfig] = await Promise.all([readJsonFile(root, 'nx.json'), readJsonFile(root, CONFIG_FILE)]);
  const nx = isRecord(nxJson) ? nxJson : {};
  const plugin = findPluginOptions(nx);
  const warnings: Problem[] = [];
  let origin = 'defaults';
  let input: unknown = {};
  if (plugin.options !== undefined) {
    origin = NX_JSON_ORIGIN;
    input = plugin.options;
    if (fileConfig !== undefined) {
      warnings.push({ where: CONFIG_FILE, message: `ignored because ${NX_JSON_ORIGIN} is set; move its keys there and delete ${CONFIG_FILE}` });
    }
  } else if (fileConfig !== undefined) {
    origin = CONFIG_FILE;
    input = fileConfig;
  }
  const result = validateWithSchema(configSchema, input);
  const separator = origin === NX_JSON_ORIGIN ? '.' : ' ';
  const at = (path: string): string => (path === '' ? origin : `${origin}${path.startsWith('[') && separator === '.' ? '' : separator}${path}`);
  warnings.push(...result.unknownKeys.map((issue) => ({ where: at(issue.path), message: issue.message })));
  if (!result.value) {
    throw new ValidationError(
      `Invalid nx-tickets configuration in ${origin}:`,
      result.errors.map((issue) => ({ where: at(issue.path), message: issue.message })),
      `Fix the keys listed above in ${origin === NX_JSON_ORIGIN ? 'nx.json' : CONFIG_FILE}; every option is described in the nx-tickets README.`,
    );
  }
  const { baseBranch, $schema: _schema, ...rest } = result.value;
  const defaultBase = typeof nx['defaultBase'] === 'string' && nx['defaultBase'] !== '' ? nx['defaultBase'] : 'main';
  return { config: { ...rest, baseBranch: baseBranch ?? defaultBase }, warnings, origin };
}
