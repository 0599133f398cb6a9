import { fileURLToPath } from 'node:url';
import { formatFiles, generateFiles, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { NxTicketsError } from '@nx-tickets/core';
import type { InitGeneratorSchema } from './schema.js';

/** Package name under which the plugin is registered in nx.json. */
export const PLUGIN_NAME = 'nx-tickets';

/**
 * `nx g nx-tickets:init`: register the plugin in nx.json (once; an existing registration is kept
 * as is) and create the tickets folder with one example ticket — only when the folder holds no
 * ticket file yet (an existing file is not replaced, a deleted example is not brought back).
 *
 * @throws NxTicketsError `NX_TICKETS_INVALID_OPTION` for a bad prefix or a folder outside the workspace.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<GeneratorCallback | void> {
  const prefix = schema.prefix ?? 'EXAMPLE';
  const dir = normaliseDir(schema.dir ?? 'tickets');
  if (!/^[A-Z][A-Z0-9_]*$/.test(prefix)) {
    throw new NxTicketsError('NX_TICKETS_INVALID_OPTION', `--prefix "${prefix}" is not a ticket key prefix.`, { hint: 'Use upper-case letters, digits and _, starting with a letter, e.g. --prefix PROJ.' });
  }
  registerPlugin(tree, dir);
  const key = `${prefix}-1`;
  // Only into an empty tickets folder: run again after the example was deleted, init must not bring
  // back a `ready` ticket that `--all-ready` (and the CI workflow) would pick up.
  if (!tree.children(dir).some((name) => name.endsWith('.md'))) {
    generateFiles(tree, fileURLToPath(new URL('./files', import.meta.url)), dir, { key, dir, tmpl: '' });
  }
  if (!schema.skipFormat) await formatFiles(tree);
}

function registerPlugin(tree: Tree, dir: string): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const registered = plugins.some((entry) => (typeof entry === 'string' ? entry : entry.plugin) === PLUGIN_NAME);
  if (registered) return;
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, { plugin: PLUGIN_NAME, options: { source: { type: 'local', dir } } }] });
}

function normaliseDir(dir: string): string {
  const clean = dir.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (clean === '' || clean.startsWith('/') || /^[A-Za-z]:/.test(clean) || clean.split('/').includes('..')) {
    throw new NxTicketsError('NX_TICKETS_INVALID_OPTION', `--dir "${dir}" must be a folder inside the workspace.`, { hint: 'Pass a workspace-relative folder such as --dir tickets.' });
  }
  return clean;
}

/** The generator as Nx loads it (`factory` in generators.json). */
export default initGenerator;
