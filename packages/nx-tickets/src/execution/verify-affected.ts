import { dirname, join } from 'node:path';
import type { Verification } from '@nx-tickets/core';
import { spawnTracked } from '../adapters/process/index.js';
import { commandFailure, type CommandFailure } from './command-failure.js';
import { nxDataDirs } from './nx-data-dirs.js';
import type { TicketTask } from './ticket-task.js';

/**
 * The verify step: `nx affected -t <targets> --base=<diffBase>` in the worktree, through the main
 * checkout's `nx` (the worktree links its node_modules). `--head` is left out on purpose: Nx then
 * compares the working tree, so the implement step's uncommitted changes are verified before the
 * commit step records them. `NX_DAEMON=false`; the workspace data is the ticket's own, outside the
 * worktree (see `nxDataDirs`: in it, a workspace whose `.gitignore` does not list `.nx` would commit
 * it); the cache is the main checkout's (`shared`) or the ticket's own, outside the worktree too (`isolated`). The affected projects are
 * listed first, so "files changed but no project affected" is reported instead of passing silently.
 *
 * @param files files the ticket changed (for the zero-affected note).
 * @returns the verification and, when it failed, the reason.
 */
export async function verifyAffected(task: TicketTask, files: string[], signal?: AbortSignal, onStart?: (pgid: number) => void): Promise<{ verification: Verification; failure?: CommandFailure }> {
  const targets = task.verify.targets;
  if (targets.length === 0) return { verification: { targets, projects: [], skipped: true } };
  const nx = [process.execPath, await resolveNxBin(task.root)];
  const dirs = nxDataDirs(task.root, task.key);
  // Nx's own variables from an outer run (the executor runs inside `nx run-tickets`) would point the
  // worktree's nx at the main checkout: drop them all, then set ours.
  const inherited = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('NX_')).map((k) => [k, undefined]));
  const env = {
    ...inherited,
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    NX_NO_CLOUD: 'true',
    // Plugins inside nx, not in plugin workers: those run in process groups of their own and outlive
    // the group we kill on timeout, abort or after a crash (they wait up to a minute for their host).
    NX_ISOLATE_PLUGINS: process.env['NX_ISOLATE_PLUGINS'] ?? 'false',
    NX_WORKSPACE_DATA_DIRECTORY: dirs.workspaceData,
    NX_CACHE_DIRECTORY: task.verify.cache === 'shared' ? join(task.root, '.nx', 'cache') : dirs.cache,
    FORCE_COLOR: '0',
  };
  const common = { cwd: task.workspace, env, logFile: task.logs.verify, timeoutMs: task.verify.timeoutMs, ...(onStart ? { onStart } : {}), ...(task.memoryLimitMb ? { memoryLimitMb: task.memoryLimitMb } : {}), ...(signal ? { signal } : {}) };
  // One log for both commands, so the path the summary names always exists.
  const list = await spawnTracked([...nx, 'show', 'projects', '--affected', `--base=${task.diffBase}`, '--json'], common);
  const projects = list.exitCode === 0 ? await readProjects(task.logs.verify) : undefined;
  if (projects === undefined) return { verification: { targets, projects: [], skipped: false }, failure: commandFailure('nx show projects --affected', list) };
  if (projects.length === 0) {
    const note = files.length > 0 ? `${files.length} file(s) changed but no project is affected; nothing was verified` : undefined;
    return { verification: { targets, projects, skipped: false, ...(note ? { note } : {}) } };
  }
  const run = await spawnTracked([...nx, 'affected', '-t', targets.join(','), `--base=${task.diffBase}`, `--parallel=${Math.max(1, task.verify.parallel)}`, '--outputStyle=static'], common);
  return run.exitCode === 0 ? { verification: { targets, projects, skipped: false } } : { verification: { targets, projects, skipped: false }, failure: commandFailure(`nx affected -t ${targets.join(',')}`, run) };
}

async function readProjects(file: string): Promise<string[] | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    // The log holds a header line, then the JSON array Nx printed.
    const line = (await readFile(file, 'utf8')).split('\n').reverse().find((l) => l.trim().startsWith('['));
    const parsed = line === undefined ? undefined : (JSON.parse(line) as unknown);
    return Array.isArray(parsed) ? parsed.map(String).sort() : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace's own `nx` entry point (its package.json `bin.nx`), run with this Node. */
async function resolveNxBin(root: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { createRequire } = await import('node:module');
  const manifestPath = createRequire(join(root, 'package.json')).resolve('nx/package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin?.['nx'] ?? 'bin/nx.js');
  return join(dirname(manifestPath), bin);
}
