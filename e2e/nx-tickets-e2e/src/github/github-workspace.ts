import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTempNxWorkspace, runGit, startGitHubServer, type GitHubServer } from '@nx-tickets/testing';
import { NX_TICKETS_BIN, TEST_ENV, type CommandResult } from '../run-command.js';
import { CHANGES_PATH, IMPLEMENT_SCRIPT, IMPLEMENT_SCRIPT_PATH, type Changes } from '../run/implement-script.js';
import { ticketFile, type RunEventLine, type RunStateFile, type TicketSpec } from '../run/run-workspace.js';

/** The token the fake GitHub accepts; tests check it appears nowhere in output, state or logs. */
export const GITHUB_TEST_TOKEN = 'ghp_e2eSecretToken4242424242';

const execFileAsync = promisify(execFile);

/** Options of {@link createGitHubWorkspace}. */
export interface GitHubWorkspaceOptions {
  tickets: TicketSpec[];
  changes: Changes;
  /** The ticket source (default: the ticket files of `tickets`). */
  source?: Record<string, unknown>;
  /** Extra `host` settings (`mergeMethod`, `updateBranch`, …). */
  host?: Record<string, unknown>;
  /** Repository settings of the fake GitHub. */
  settings?: Parameters<typeof startGitHubServer>[0]['settings'];
  maxThreads?: number;
}

/** A started CLI. */
export interface StartedCommand {
  child: ChildProcess;
  done: Promise<CommandResult>;
}

/** A temp Nx workspace whose `origin` is a real bare repository served by a local, spec-checked GitHub. */
export interface GitHubWorkspace {
  root: string;
  server: GitHubServer;
  git(args: string[], cwd?: string): Promise<string>;
  start(args: string[]): StartedCommand;
  run(args: string[]): Promise<CommandResult>;
  state(): Promise<RunStateFile>;
  events(): Promise<RunEventLine[]>;
  /** Every file the run wrote (state, events, logs), concatenated: for the token check. */
  runFiles(): Promise<string>;
  /** `git ls-tree -r` of the base commit with the tickets' changes applied one after another. */
  sequentialTree(baseCommit: string, keys: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * Create the workspace (projects `alpha`, `beta`; the tickets; the implement script of the run
 * tests) with a bare `origin`, start the fake GitHub on it, and configure nx-tickets with
 * `host: { type: "github", owner: "acme", repo: "app", baseUrl: <server> }`. The CLI runs with
 * `GITHUB_TOKEN` set and the rate-limit waits shrunk to milliseconds.
 */
export async function createGitHubWorkspace(options: GitHubWorkspaceOptions): Promise<GitHubWorkspace> {
  const tickets = Object.fromEntries(options.tickets.map((t) => [`tickets/${t.key}.md`, ticketFile(t)]));
  const repo = await createTempNxWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    bareOrigin: true,
    files: { [IMPLEMENT_SCRIPT_PATH]: IMPLEMENT_SCRIPT, [CHANGES_PATH]: `${JSON.stringify(options.changes, null, 2)}\n`, ...tickets },
  });
  const server = await startGitHubServer({ origin: repo.origin as string, token: GITHUB_TEST_TOKEN, ...(options.settings ? { settings: options.settings } : {}) });
  const pluginOptions = {
    source: options.source?.type === 'github' ? { ...options.source, baseUrl: server.url, owner: 'acme', repo: 'app' } : (options.source ?? { type: 'local', dir: 'tickets' }),
    implement: { command: ['node', IMPLEMENT_SCRIPT_PATH], timeoutMinutes: 5 },
    verify: { targets: [] },
    parallel_execution: { max_threads: options.maxThreads ?? 3 },
    host: { type: 'github', owner: 'acme', repo: 'app', baseUrl: server.url, labels: ['nx-tickets'], ...options.host },
  };
  const nxJson = JSON.parse(await readFile(join(repo.root, 'nx.json'), 'utf8')) as Record<string, unknown>;
  await repo.write('nx.json', `${JSON.stringify({ ...nxJson, plugins: [{ plugin: 'nx-tickets', options: pluginOptions }] }, null, 2)}\n`);
  await repo.commit('Use GitHub as the host');
  await repo.git(['push', '-q', 'origin', 'main']);
  const env = { ...TEST_ENV, GITHUB_TOKEN: GITHUB_TEST_TOKEN, NX_TICKETS_GITHUB_RETRY_UNIT_MS: '5', NX_TICKETS_GITHUB_WRITE_INTERVAL_MS: '0' };
  const start = (args: string[]): StartedCommand => {
    const child = spawn(process.execPath, [NX_TICKETS_BIN, ...args], { cwd: repo.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr }));
    });
    return { child, done };
  };
  const runsDir = join(repo.root, '.nx', 'tickets', 'runs');
  const latest = () => join(runsDir, (existsSync(runsDir) ? readdirSync(runsDir).sort() : []).at(-1) ?? 'none');
  const events = async () => (await readFile(join(latest(), 'events.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEventLine);
  return {
    root: repo.root,
    server,
    git: (args, cwd = repo.root) => runGit(cwd, args),
    start,
    run: (args) => start(args).done,
    state: async () => JSON.parse(await readFile(join(latest(), 'state.json'), 'utf8')) as RunStateFile,
    events,
    runFiles: async () => {
      const files = (await readdir(latest(), { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
      return (await Promise.all(files.map((d) => readFile(join(d.parentPath, d.name), 'utf8')))).join('\n');
    },
    sequentialTree: async (baseCommit, keys) => {
      const clone = join(dirname(repo.root), `sequential-${Date.now()}`);
      await mkdir(clone);
      await runGit(dirname(repo.root), ['clone', '-q', '--no-checkout', repo.root, clone]);
      await runGit(clone, ['checkout', '-q', '--detach', baseCommit]);
      for (const key of keys) await execFileAsync(process.execPath, [IMPLEMENT_SCRIPT_PATH], { cwd: clone, env: { ...TEST_ENV, TICKET_KEY: key, TICKET_TITLE: key } });
      await runGit(clone, ['add', '-A']);
      await runGit(clone, ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '--allow-empty', '-m', 'sequential']);
      return runGit(clone, ['ls-tree', '-r', 'HEAD']);
    },
    cleanup: async () => {
      await server.close();
      await repo.cleanup();
    },
  };
}

/** Poll until `probe` returns a value (fails after `ms`). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
