import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createTempNxWorkspace, runGit, type TempNxProject } from '@nx-tickets/testing';
import { NX_TICKETS_BIN, TEST_ENV, runCommand, runNx, type CommandResult } from '../run-command.js';
import { CHANGES_PATH, IMPLEMENT_SCRIPT, IMPLEMENT_SCRIPT_PATH, type Changes } from './implement-script.js';

/** A ticket file of the test workspace (`tickets/<key>.md`). */
export interface TicketSpec {
  key: string;
  title: string;
  type?: string;
  files?: string[];
  dependsOn?: string[];
  estimate?: string;
  /** Per-ticket implement command (front matter `command`). */
  command?: string[];
}

/** Options of {@link createRunWorkspace}. */
export interface RunWorkspaceOptions {
  projects: TempNxProject[];
  tickets: TicketSpec[];
  /**
   * Prepared change per ticket key (see `IMPLEMENT_SCRIPT`); a function gets the scratch folder
   * (outside the repository, for sleep markers) and its result is committed in a second commit.
   */
  changes: Changes | ((scratch: string) => Changes);
  /** Extra files, workspace-relative (written last: they may replace generated ones). */
  files?: Record<string, string>;
  /** `verify.targets` (default none: nothing is verified). */
  verifyTargets?: string[];
  /** `verify.cache` (default the plugin's, `shared`). */
  verifyCache?: 'shared' | 'isolated';
  /** `parallel_execution.max_threads` (default 3). */
  maxThreads?: number;
  /** `source` of the plugin options (default the local `tickets/` folder). */
  source?: Record<string, unknown>;
  /** Added to the environment of the CLI runs (credentials of a ticket source). */
  env?: NodeJS.ProcessEnv;
}

/** One line of `events.jsonl`. */
export interface RunEventLine {
  type: string;
  at: number;
  ticket?: string;
  [field: string]: unknown;
}

/** The parts of `state.json` the tests read. */
export interface RunStateFile {
  runId: string;
  status: 'running' | 'interrupted' | 'finished';
  base: string;
  baseStart: string;
  baseHead: string;
  order: string[];
  relations: Array<{ before: string; after: string; kind: string; conflict: boolean; unplanned?: boolean; items: string[] }>;
  tickets: Record<string, TicketStateFile>;
  /** Summary warnings (a status not written back, the history not written, …). */
  warnings?: string[];
  /** Times the run was stopped before it was continued. */
  pauses?: Array<{ from: number; to: number }>;
  updatedAt: number;
}

/** One ticket of `state.json`. */
export interface TicketStateFile {
  key: string;
  title: string;
  status: string;
  branch: string;
  completed: string[];
  startPoint?: string;
  stackedOn?: { key: string; head: string };
  head?: string;
  worktree?: string;
  worktreeRemoved?: boolean;
  actualFiles?: string[];
  verification?: { targets: string[]; projects: string[]; skipped: boolean; note?: string };
  error?: { step: string; message: string; logFile?: string; resolve?: string[] };
  mergedSha?: string;
  processGroups?: number[];
}

/** A real temp Nx workspace with nx-tickets configured to run tickets, and helpers to drive and inspect runs. */
export interface RunWorkspace {
  /** Workspace root (a git repository on `main`). */
  root: string;
  /** Folder holding the workspace, free for scratch files (removed by `cleanup`). */
  scratch: string;
  git(args: string[], cwd?: string): Promise<string>;
  /** Run the built `nx-tickets` CLI in the workspace and wait for it. */
  nxTickets(args: string[]): Promise<CommandResult>;
  /** Start the built CLI without waiting (for signals and a second run). */
  startNxTickets(args: string[]): RunningCommand;
  /** Run the workspace's real `nx` binary. */
  nx(args: string[]): Promise<CommandResult>;
  /** Ids of the runs, oldest first. */
  runIds(): string[];
  /** State of a run (default the latest). */
  state(runId?: string): Promise<RunStateFile>;
  /** Events of a run (default the latest), in order. */
  events(runId?: string): Promise<RunEventLine[]>;
  /** Poll the latest run's events until `predicate` holds for one (fails when `until` ends first). */
  waitForEvent(predicate: (event: RunEventLine) => boolean, until?: RunningCommand): Promise<RunEventLine>;
  /**
   * The tree main would have if the tickets' changes were applied one after another on the base
   * commit, by the same implement script, in a separate clone: `git ls-tree -r` output.
   */
  sequentialTree(baseCommit: string, keys: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/** A command started by {@link RunWorkspace.startNxTickets}. */
export interface RunningCommand {
  child: ChildProcess;
  /** Resolves when it has exited. */
  done: Promise<CommandResult>;
  /** Whether it has exited. */
  readonly exited: boolean;
}

const execFileAsync = promisify(execFile);

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** `tickets/<key>.md` with JSON-valued (so YAML-safe) front matter. */
export function ticketFile(ticket: TicketSpec): string {
  const fields: Record<string, unknown> = {
    key: ticket.key,
    title: ticket.title,
    type: ticket.type ?? 'feature',
    status: 'ready',
    priority: 'medium',
    estimate: ticket.estimate ?? '1h',
    ...(ticket.files ? { files: ticket.files } : {}),
    ...(ticket.dependsOn ? { dependsOn: ticket.dependsOn } : {}),
    ...(ticket.command ? { command: ticket.command } : {}),
  };
  return `---\n${Object.entries(fields).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join('\n')}\n---\nThe work is described by the prepared change.\n`;
}

/** A project whose `test` target (an npm script Nx infers) runs `node --test` on its `*.test.mjs` files. */
export function testedProject(name: string, root: string, files: Record<string, string>): TempNxProject {
  return { name, root, files: { 'package.json': json({ name, version: '0.0.0', private: true, scripts: { test: 'node --test' }, nx: { name } }), ...files } };
}

/**
 * Create the workspace: projects, tickets, the implement script and its prepared changes, and
 * nx.json registering `nx-tickets` with a local ticket source, `implement.command`
 * `node tools/implement-ticket.mjs`, `verify.targets` and `parallel_execution.max_threads` — the
 * way `configureDemoRun` (tools/demo/create-demo-workspace.mjs) configures the demo. One commit on `main`.
 */
export async function createRunWorkspace(options: RunWorkspaceOptions): Promise<RunWorkspace> {
  const tickets = Object.fromEntries(options.tickets.map((t) => [`tickets/${t.key}.md`, ticketFile(t)]));
  const pluginOptions = {
    source: options.source ?? { type: 'local', dir: 'tickets' },
    implement: { command: ['node', IMPLEMENT_SCRIPT_PATH], timeoutMinutes: 5 },
    verify: { targets: options.verifyTargets ?? [], ...(options.verifyCache ? { cache: options.verifyCache } : {}) },
    parallel_execution: { max_threads: options.maxThreads ?? 3 },
  };
  const repo = await createTempNxWorkspace({
    projects: options.projects,
    nxJson: { plugins: [{ plugin: 'nx-tickets', options: pluginOptions }] },
    files: { [IMPLEMENT_SCRIPT_PATH]: IMPLEMENT_SCRIPT, [CHANGES_PATH]: json(typeof options.changes === 'function' ? {} : options.changes), ...tickets, ...options.files },
  });
  const root = repo.root;
  const scratch = dirname(root);
  if (typeof options.changes === 'function') {
    await repo.write(CHANGES_PATH, json(options.changes(scratch)));
    await repo.commit('Prepare the ticket changes');
  }
  const runsDir = join(root, '.nx', 'tickets', 'runs');
  const runIds = () => (existsSync(runsDir) ? readdirSync(runsDir).sort() : []);
  const latest = (runId?: string): string => {
    const id = runId ?? runIds().at(-1);
    if (id === undefined) throw new Error(`no run in ${root}`);
    return join(runsDir, id);
  };
  const events = async (runId?: string): Promise<RunEventLine[]> => {
    const text = await readFile(join(latest(runId), 'events.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunEventLine);
  };
  const startNxTickets = (args: string[]): RunningCommand => {
    const child = spawn(process.execPath, [NX_TICKETS_BIN, ...args], { cwd: root, env: { ...TEST_ENV, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let exited = false;
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        exited = true;
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
      });
    });
    return { child, done, get exited() { return exited; } };
  };
  return {
    root,
    scratch,
    git: (args, cwd = root) => runGit(cwd, args),
    nxTickets: (args) => runCommand(process.execPath, [NX_TICKETS_BIN, ...args], root, options.env),
    startNxTickets,
    nx: (args) => runNx(root, args),
    runIds,
    state: async (runId) => JSON.parse(await readFile(join(latest(runId), 'state.json'), 'utf8')) as RunStateFile,
    events,
    waitForEvent: async (predicate, until) => {
      let found: RunEventLine | undefined;
      await waitUntil(async () => (found = runIds().length > 0 ? (await events()).find(predicate) : undefined) !== undefined, until);
      return found as RunEventLine;
    },
    sequentialTree: async (baseCommit, keys) => {
      const clone = join(scratch, `sequential-${keys.join('-')}`);
      await mkdir(clone);
      await runGit(scratch, ['clone', '-q', '--no-checkout', root, clone]);
      await runGit(clone, ['checkout', '-q', '--detach', baseCommit]);
      for (const key of keys) {
        await execFileAsync(process.execPath, [IMPLEMENT_SCRIPT_PATH], { cwd: clone, env: { ...TEST_ENV, TICKET_KEY: key, TICKET_TITLE: key } });
      }
      await runGit(clone, ['add', '-A']);
      await runGit(clone, ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '--allow-empty', '-m', 'sequential']);
      return runGit(clone, ['ls-tree', '-r', 'HEAD']);
    },
    cleanup: () => repo.cleanup(),
  };
}

/**
 * The files that conflict when the tickets' built commits (their `ticket:built` heads) are merged
 * with each other (`git merge-tree --write-tree --name-only`): `[]` when they merge cleanly.
 */
export async function conflictsBetweenBuiltTickets(ws: RunWorkspace): Promise<string[]> {
  const built = (await ws.events()).filter((e) => e.type === 'ticket:built').map((e) => e['head'] as string);
  const merge = await ws.git(['merge-tree', '--write-tree', '--name-only', ...built]).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  const lines = merge.split('\n').slice(1);
  return lines.slice(0, lines.indexOf(''));
}

/** Poll `condition` every 100 ms until it holds; fails when `until` (a started command) ends first. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, until?: RunningCommand): Promise<void> {
  for (;;) {
    if (await condition()) return;
    if (until?.exited) {
      const result = await until.done;
      throw new Error(`the command ended (exit ${result.exitCode}) before the awaited moment:\n${result.stdout}\n${result.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Processes of group `pgid` that still run, read from `/proc` (Linux). Zombies are left out: a
 * killed grandchild whose parent is gone waits for init to reap it, but it no longer runs.
 */
export function runningProcessesInGroup(pgid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pgid && state !== 'Z' && state !== 'X') found.push(`${pid} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))} (${state})`);
  }
  return found;
}
