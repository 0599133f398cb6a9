import { spawn } from 'node:child_process';
import type { ProjectGraph } from '@nx/devkit';
import { GRAPH_PROCESS_SCRIPT } from './graph-process-script.js';
import { mapProjectGraph, summariseGraph, type ProjectGraphSummary } from './map-project-graph.js';
import { summariseGraphFailure } from './summarise-graph-failure.js';

/** Nx's project graph type, re-exported so nothing outside this folder imports @nx/devkit. */
export type { ProjectGraph } from '@nx/devkit';

/** The project graph as planning needs it, plus why it may be missing. */
export interface ProjectGraphRead extends ProjectGraphSummary {
  /** `project graph unavailable: <reason>; planning uses files only` when it could not be computed. */
  warnings: string[];
}

/** Options of {@link readProjectGraph}. */
export interface ReadProjectGraphOptions {
  /** Give up after this many milliseconds (default 120 000). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type GraphMessage = { ok: true; nodes: Array<{ name: string; root: string }>; edges: Record<string, string[]> } | { ok: false; reason: string };

function computeInChildProcess(root: string, options: ReadProjectGraphOptions): Promise<GraphMessage> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', GRAPH_PROCESS_SCRIPT, root], {
      cwd: root,
      // Plugins in this process, not in Nx's plugin workers: those run in process groups of their own
      // and outlive a planner killed with SIGKILL. This process is the isolation already.
      env: { NX_ISOLATE_PLUGINS: 'false', ...process.env, NX_WORKSPACE_ROOT_PATH: root, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      timeout: options.timeoutMs ?? 120_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let stderr = '';
    let answer: GraphMessage | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 65_536) stderr += chunk.toString();
    });
    child.on('message', (message: GraphMessage) => {
      answer = message;
    });
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code, signal) => {
      resolve(answer ?? { ok: false, reason: stderr.trim() || `the graph process ended with ${signal ?? `exit code ${String(code)}`}` });
    });
  });
}

/**
 * Read the Nx project graph of the workspace at `root`.
 *
 * With `given` (an executor's `context.projectGraph`) that graph is used as is. Otherwise the public
 * `createProjectGraphAsync({ exitOnError: false })` of the workspace's own `@nx/devkit` (resolved with
 * `createRequire(<root>/package.json)`) runs in a short-lived child Node process with
 * `NX_WORKSPACE_ROOT_PATH=root` (NX_DAEMON as inherited) and Nx plugins loaded in that process
 * (`NX_ISOLATE_PLUGINS=false` unless set: Nx's isolated plugin workers would outlive a planner killed
 * with SIGKILL, in process groups of their own). A child process because Nx fixes its
 * workspace root and native workspace context per process when first loaded: in-process, a second
 * workspace read by the same process (tests, e2e, long-lived tools) would silently get the first's graph.
 *
 * Never throws: when the graph cannot be computed (Nx not installed, a broken project.json, a failing
 * plugin, timeout) it returns no projects and the warning
 * `project graph unavailable: <reason>; planning uses files only`.
 */
export async function readProjectGraph(root: string, given?: ProjectGraph, options: ReadProjectGraphOptions = {}): Promise<ProjectGraphRead> {
  if (given) return { ...mapProjectGraph(given), warnings: [] };
  const message = await computeInChildProcess(root, options);
  if (message.ok) return { ...summariseGraph(message.nodes, message.edges), warnings: [] };
  return {
    projects: [],
    dependencies: {},
    warnings: [`project graph unavailable: ${summariseGraphFailure(message.reason, root)}; planning uses files only`],
  };
}
