import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execGit } from '../adapters/git/index.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'workspaces', 'overrides', 'resolutions'];
/** npm's lockfiles: `npm-shrinkwrap.json` has the same shape and wins when both exist. */
const NPM_LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

/**
 * Whether a ticket's changes need a real install in its worktree before verifying (with the
 * workspace's package manager, see `installDependencies`): some `package.json` changed what it
 * depends on (dependency fields, workspaces, overrides, resolutions), or the lockfile changed —
 * for `package-lock.json` and `npm-shrinkwrap.json`, only when an installed package changed (not just the version field of a
 * workspace package); any change of `yarn.lock` (yarn 1 and 2+), `pnpm-lock.yaml`, `bun.lock` or
 * `bun.lockb`. A version bump or a script change keeps the linked dependencies of the main checkout.
 *
 * @param changed workspace-relative files the ticket changed since `diffBase`.
 */
export async function needsInstall(workspace: string, diffBase: string, changed: readonly string[]): Promise<boolean> {
  for (const file of changed) {
    if (file === 'package.json' || file.endsWith('/package.json')) {
      const [before, after] = await versions(workspace, diffBase, file);
      if (DEPENDENCY_FIELDS.some((field) => JSON.stringify(before?.[field]) !== JSON.stringify(after?.[field]))) return true;
    } else if (NPM_LOCKFILES.has(file)) {
      const [before, after] = await versions(workspace, diffBase, file);
      if (JSON.stringify(installed(before)) !== JSON.stringify(installed(after))) return true;
    } else if (/(^|\/)(yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/.test(file)) {
      return true;
    }
  }
  return false;
}

/** The lockfile's installed packages (`node_modules/...` entries that are not workspace links). */
function installed(lock: Record<string, unknown> | undefined): Record<string, unknown> {
  const packages = (lock?.['packages'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(packages).filter(([path, entry]) => path.startsWith('node_modules/') && !entry['link']).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function versions(workspace: string, base: string, file: string): Promise<[Record<string, unknown> | undefined, Record<string, unknown> | undefined]> {
  const parse = (text: string | undefined) => {
    try {
      return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      return undefined;
    }
  };
  const before = await execGit(workspace, ['show', `${base}:./${file}`], { okExitCodes: [128] }).then((r) => (r.exitCode === 0 ? r.stdout : undefined));
  const after = await readFile(join(workspace, file), 'utf8').catch(() => undefined);
  return [parse(before), parse(after)];
}
